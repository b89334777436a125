import type { ExpectedRevision } from "./eventStore.ts";

/** Whether a stream at `actual` (-1: absent) is where the writer said it would be. */
export const expectationHolds = (expected: ExpectedRevision, actual: number): boolean => {
  switch (expected) {
    case "any":
      return true;
    case "no_stream":
      return actual === -1;
    case "stream_exists":
      return actual >= 0;
    default:
      // An exact -1 is the revision a writer computes from an empty read: the same as no_stream.
      return actual === expected;
  }
};

/** The revision a retried batch must have started at to be the same write, or null if any start will do. */
export const expectedFirstRevision = (expected: ExpectedRevision): number | null => {
  switch (expected) {
    case "any":
    case "stream_exists":
      return null;
    case "no_stream":
      return 0;
    default:
      return expected + 1;
  }
};
