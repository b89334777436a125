import { Kafka, logLevel } from "kafkajs";

/**
 * Whether the group has committed every record the topic holds: each partition's committed
 * offset at its high watermark. The projector commits only after a batch is in the read
 * store, so this is "the read model has everything that was published".
 */
export const groupHasCommittedAll = async (
  brokers: string[],
  topic: string,
  group: string,
): Promise<boolean> => {
  const admin = new Kafka({ clientId: "group-progress", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const committedOf = new Map(
      committed?.partitions.map(({ partition, offset }) => [partition, offset]) ?? [],
    );
    return ends.every(({ partition, high, low }) => high === low || committedOf.get(partition) === high);
  } finally {
    await admin.disconnect();
  }
};
