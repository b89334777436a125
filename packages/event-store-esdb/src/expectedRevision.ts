import type { ExpectedRevision } from "@crm/event-store";
import { ANY, type AppendExpectedRevision, NO_STREAM, STREAM_EXISTS } from "@eventstore/db-client";

/** Our expectation in the client's terms; the server checks it inside the append. */
export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case "any":
      return ANY;
    case "no_stream":
      return NO_STREAM;
    case "stream_exists":
      return STREAM_EXISTS;
    default:
      // -1 is what a writer computes from an empty read; EventStoreDB has no revision -1, only "no stream".
      if (expected === -1) return NO_STREAM;
      if (!Number.isSafeInteger(expected) || expected < -1) {
        throw new RangeError(`expected revision must be an integer >= -1, got ${expected}`);
      }
      return BigInt(expected);
  }
};
