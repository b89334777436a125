import type { ReadModelDocument, ReadStore } from "@crm/read-store";
import type { SignedCheckpoint, StreamHead } from "./signedCheckpoint.ts";

// Where the anchored history lives: in the read store, so it works the same on SQLite and
// MongoDB and whichever event store is in use (EventStoreDB included). These are not read
// models: a rebuild never touches them (they cannot be recomputed without trusting the store).

export const CHECKPOINTS_COLLECTION = "anchored_checkpoints";
const STATE_COLLECTION = "anchored_history_state";
const STATE_ID = "global";

export type CheckpointDocument = ReadModelDocument & SignedCheckpoint;

/** How far the anchor got: the global hash so far and what the next checkpoint must cover. */
export type AnchorState = {
  position: string | null;
  globalHash: string;
  events: number;
  sinceCheckpoint: number;
  heads: Record<string, StreamHead>;
  lastCheckpointAt: string | null;
};

/** Positions padded to 20 digits (the largest 64-bit number), so ids sort as positions do. */
const checkpointId = (position: string) => position.padStart(20, "0");

export const anchorRecords = (store: ReadStore) => {
  const checkpoints = store.collection<CheckpointDocument>(CHECKPOINTS_COLLECTION);
  const state = store.collection<ReadModelDocument & AnchorState>(STATE_COLLECTION);
  return {
    /** Every checkpoint, oldest first. */
    checkpoints: async (): Promise<SignedCheckpoint[]> =>
      (await checkpoints.all())
        .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
        .map(({ _id, ...checkpoint }) => checkpoint),
    readState: async (): Promise<AnchorState | undefined> => {
      const found = (await state.getMany([STATE_ID])).get(STATE_ID);
      if (!found) return undefined;
      const { _id, ...rest } = found;
      return rest;
    },
    /** Starts the global chain over (after a migration rewrote the stored events); returns the checkpoints it drops. */
    restart: async (): Promise<SignedCheckpoint[]> => {
      const dropped = (await checkpoints.all()).sort((a, b) => (a._id < b._id ? -1 : 1));
      await checkpoints.clear();
      await state.clear();
      return dropped.map(({ _id, ...checkpoint }) => checkpoint);
    },
    /** Checkpoints first, then the state that says they are done: a crash in between redoes them. */
    save: async (made: readonly SignedCheckpoint[], next: AnchorState) => {
      await checkpoints.putMany(
        made.map((checkpoint) => ({ _id: checkpointId(checkpoint.position), ...checkpoint })),
      );
      await state.putMany([{ _id: STATE_ID, ...next }]);
    },
  };
};

export type AnchorRecords = ReturnType<typeof anchorRecords>;
