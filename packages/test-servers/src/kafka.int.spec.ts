import { randomUUID } from "node:crypto";
import { Kafka, type KafkaMessage, logLevel, Partitioners } from "kafkajs";
import { expect, it } from "vitest";
import { describeWithServer, kafkaServer } from "./index.ts";

await describeWithServer("Kafka server: produce and consume", kafkaServer, (server) => {
  const kafka = new Kafka({
    clientId: "test-servers-smoke",
    brokers: server.brokers,
    logLevel: logLevel.WARN,
  });

  it("a consumer group reads back what a producer sent, key, value and headers", async () => {
    const topic = `smoke-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: "customer-42", value: '{"name":"Ada"}', headers: { "event-type": "CustomerRegistered" } },
      ],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<KafkaMessage>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message) });
    });
    const message = await received;
    await consumer.disconnect();

    expect(message.key?.toString()).toBe("customer-42");
    expect(message.value?.toString()).toBe('{"name":"Ada"}');
    expect(message.headers?.["event-type"]?.toString()).toBe("CustomerRegistered");
  });
});
