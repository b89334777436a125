import { type Admin, Kafka, logLevel } from "kafkajs";

const withAdmin = async <T>(brokers: string[], ask: (admin: Admin) => Promise<T>): Promise<T> => {
  const admin = new Kafka({ clientId: "group-progress", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await ask(admin);
  } finally {
    await admin.disconnect();
  }
};

/**
 * Whether the group has committed every record the topic holds: each partition's committed
 * offset at its high watermark. The projector commits only after a batch is in the read
 * store, so this is "the read model has everything that was published".
 */
export const groupHasCommittedAll = (brokers: string[], topic: string, group: string): Promise<boolean> =>
  withAdmin(brokers, async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const committedOf = new Map(
      committed?.partitions.map(({ partition, offset }) => [partition, offset]) ?? [],
    );
    return ends.every(({ partition, high, low }) => high === low || committedOf.get(partition) === high);
  });

/** The group's committed offset on each partition of the topic ("-1": nothing committed yet). */
export const committedOffsets = (brokers: string[], topic: string, group: string): Promise<string[]> =>
  withAdmin(brokers, async (admin) => {
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return committed?.partitions.map(({ offset }) => offset) ?? [];
  });
