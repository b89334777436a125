import type { Kafka } from "kafkajs";

/**
 * Creates the topic when it is missing. The partition count caps how many members of one
 * group can share the work, and cannot be lowered later without breaking the per-customer
 * order, so it is chosen generously for a CRM's write rate, not for today's consumers.
 */
export const DEFAULT_PARTITIONS = 6;

export const ensureTopic = async (kafka: Kafka, topic: string, partitions: number): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Asked first because the broker logs a refused create as an error; should another
    // process create it between the two calls, createTopics resolves false, which is fine.
    if ((await admin.listTopics()).includes(topic)) return;
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
};

/** Runs `ensure` once; a failure is forgotten, so the next caller tries again. */
export const once = (ensure: () => Promise<void>): (() => Promise<void>) => {
  let done: Promise<void> | undefined;
  return () => {
    done ??= ensure().catch((error: unknown) => {
      done = undefined;
      throw error;
    });
    return done;
  };
};
