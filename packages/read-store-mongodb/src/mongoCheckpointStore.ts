import type { CheckpointStore } from "@crm/event-store";
import type { Collection } from "mongodb";
import type { Connected } from "./mongoConnection.ts";
import { guarded } from "./mongoErrors.ts";

/** Positions as decimal strings: BSON's largest integer is a signed 64-bit one, positions may not fit. */
export type CheckpointDocument = { _id: string; position: string; updatedAt: Date };

export const mongoCheckpointStore = (
  name: string,
  connected: () => Promise<Connected>,
): CheckpointStore & { reset(subscriber: string): Promise<void> } => {
  const using = <R>(
    doing: string,
    work: (collection: Collection<CheckpointDocument>) => Promise<R>,
  ): Promise<R> =>
    guarded(`${doing} a checkpoint`, async () =>
      work((await connected()).db.collection<CheckpointDocument>(name)),
    );

  return {
    read: (subscriber) =>
      using("reading", async (collection) => {
        const checkpoint = await collection.findOne({ _id: subscriber });
        return checkpoint ? BigInt(checkpoint.position) : undefined;
      }),
    store: (subscriber, position) =>
      using("storing", async (collection) => {
        await collection.replaceOne(
          { _id: subscriber },
          { position: position.toString(), updatedAt: new Date() },
          { upsert: true },
        );
      }),
    reset: (subscriber) =>
      using("resetting", async (collection) => {
        await collection.deleteOne({ _id: subscriber });
      }),
  };
};
