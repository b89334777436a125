import { Kafka, logLevel } from "kafkajs";

// For /health/ready and the consumer-lag metric (contract section 12).

/**
 * Asks the configured brokers for the cluster's metadata on a connection of its own, made
 * for this probe and closed after: a long-lived client would answer from its cache, or ride
 * out an outage by retrying, and the probe would not see the broker go.
 */
export const kafkaBrokersAnswer =
  (brokers: string[], timeoutMs = 1_000) =>
  async (): Promise<void> => {
    const admin = new Kafka({
      clientId: "crm-health",
      brokers,
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      await admin.connect();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };

export type PartitionLag = { partition: number; lag: number; committed: number; end: number };

/**
 * How far a consumer group is behind on each partition of the topic: the partition's end
 * offset less the group's committed offset (the whole partition while it has committed none).
 */
export const kafkaConsumerLag = (options: { brokers: string[]; topic: string; group: string }) => {
  const admin = new Kafka({
    clientId: "crm-consumer-lag",
    brokers: options.brokers,
    retry: { retries: 1 },
    logLevel: logLevel.NOTHING,
  }).admin();
  let connected: Promise<void> | undefined;
  const readOnce = async (): Promise<PartitionLag[]> => {
    connected ??= admin.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    await connected;
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(options.topic),
      admin.fetchOffsets({ groupId: options.group, topics: [options.topic] }),
    ]);
    const committedOf = new Map(
      committed?.partitions.map(({ partition, offset }) => [partition, Number(offset)]) ?? [],
    );
    return ends.map(({ partition, high, low }) => {
      const end = Number(high);
      const at = committedOf.get(partition) ?? -1;
      const from = at < 0 ? Number(low) : at;
      return { partition, end, committed: from, lag: Math.max(0, end - from) };
    });
  };
  // Readers asking while a reading is out share it: the gauges of one scrape (per partition and
  // in total) then always add up, and a scrape costs one round of offset requests.
  let reading: Promise<PartitionLag[]> | undefined;
  return {
    read: (): Promise<PartitionLag[]> => {
      reading ??= readOnce().finally(() => {
        reading = undefined;
      });
      return reading;
    },
    close: async () => {
      if (connected) await admin.disconnect().catch(() => undefined);
    },
  };
};
