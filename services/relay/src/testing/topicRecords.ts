import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";

export type TopicRecord = { partition: number; offset: bigint; key: string | undefined; value: unknown };

/**
 * Every record the topic holds right now, read raw with kafkajs (not through the bus under
 * test): the high watermarks are taken first and each partition is read up to its own, so
 * the answer is exact, duplicates included, with no waiting for a count.
 */
export const topicRecords = async (brokers: string[], topic: string): Promise<TopicRecord[]> => {
  const kafka = new Kafka({ clientId: "topic-reader", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const ends = new Map(
    offsets
      .filter(({ high, low }) => BigInt(high) > BigInt(low))
      .map(({ partition, high }) => [partition, BigInt(high)]),
  );
  const records: TopicRecord[] = [];
  if (ends.size === 0) return records;

  const consumer = kafka.consumer({ groupId: `topic-reader-${randomUUID()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const unread = new Set(ends.keys());
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const end = ends.get(partition);
          const offset = BigInt(message.offset);
          if (end === undefined || offset >= end) return;
          records.push({
            partition,
            offset,
            key: message.key?.toString(),
            value: JSON.parse(message.value?.toString() ?? "null"),
          });
          if (offset + 1n === end) unread.delete(partition);
          if (unread.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return records;
};
