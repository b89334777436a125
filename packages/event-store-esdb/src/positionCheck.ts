import { ForeignPositionError } from "@crm/event-store";
import { BACKWARDS, END, type EventStoreDBClient } from "@eventstore/db-client";
import type { ReadAllPage } from "./readAllEvents.ts";

/** Where $all ends now (system events included), or undefined for an empty store. */
export const endOfAll = async (client: EventStoreDBClient): Promise<bigint | undefined> => {
  let end: bigint | undefined;
  // Read to the end of the call, never left early: a call left half-read is never finished, and
  // the client's dispose() waits for every call it started to finish.
  for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
    end = resolved.event?.position.commit ?? resolved.commitPosition;
  }
  return end;
};

/**
 * Refuses a position this store never gave out. Every position the port hands out (an append's
 * result, a delivered event's) is where one of our events starts, so a checkpoint must be one: a
 * position past the end of $all (a checkpoint from a newer store or beyond a restored backup) would
 * make a live subscription wait for events it has in fact skipped, and one that is no record's
 * start (a checkpoint from the SQLite store) makes every read from it fail.
 */
export const checkPositionIsOurs =
  (client: EventStoreDBClient, readPage: ReadAllPage) =>
  async (position: bigint): Promise<void> => {
    const end = await endOfAll(client);
    if (end === undefined || position > end) {
      throw new ForeignPositionError(
        position,
        `past the end of $all (${end ?? "empty"}): a checkpoint from another store or beyond a restored backup`,
      );
    }
    const [first] = await readPage({ from: position, maxCount: 1 });
    const found = first?.event?.position?.commit ?? first?.commitPosition;
    if (found !== position) {
      throw new ForeignPositionError(
        position,
        "no event of ours starts there: a checkpoint from another store",
      );
    }
  };
