import type { CheckpointStore } from "./checkpoints.ts";

/**
 * Checkpoints that last as long as the process: for a subscriber whose state is in memory too
 * (rebuilt from the first event at every start), so a restart after a dropped subscription
 * resumes where it was instead of reading everything again.
 */
export const inMemoryCheckpoints = (): CheckpointStore => {
  const positions = new Map<string, bigint>();
  return {
    read: async (subscriber) => positions.get(subscriber),
    store: async (subscriber, position) => {
      positions.set(subscriber, position);
    },
  };
};
