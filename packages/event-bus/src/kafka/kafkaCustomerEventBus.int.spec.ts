import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { customerEventMessageSchema } from "@crm/event-contracts";
import { describeWithServer, kafkaServer } from "@crm/test-servers";
import { Kafka, type KafkaMessage, logLevel } from "kafkajs";
import { afterAll, expect, it, vi } from "vitest";
import { interleaved } from "../contract/contractFixtures.ts";
import {
  customerEventBusContract,
  customerMessages,
  recorder,
} from "../contract/customerEventBusContract.ts";
import { kafkaCustomerEventBus } from "./kafkaCustomerEventBus.ts";

const memberScript = fileURLToPath(new URL("./testing/consumeUntilKilled.ts", import.meta.url));

await describeWithServer("Kafka customer event bus", kafkaServer, (server) => {
  const admin = new Kafka({
    clientId: "bus-tests",
    brokers: server.brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  const topics: string[] = [];
  const freshTopic = () => {
    const topic = `crm.customer-events.test-${randomUUID()}`;
    topics.push(topic);
    return topic;
  };
  const openBus = (topic: string, partitions = 3) =>
    kafkaCustomerEventBus({
      brokers: server.brokers,
      clientId: "bus-tests",
      topic,
      partitions,
      sessionTimeoutMs: 10_000,
    });

  afterAll(async () => {
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  customerEventBusContract("kafka", async () => {
    const bus = openBus(freshTopic());
    return { bus, dispose: () => bus.close() };
  });

  it("puts each message on the topic as contract section 6 says: key = customerId, value = the message as JSON", async () => {
    const topic = freshTopic();
    const bus = openBus(topic);
    const messages = customerMessages(randomUUID(), 3);
    await bus.publish(messages);
    await bus.close();

    const raw = new Kafka({ clientId: "bus-tests", brokers: server.brokers, logLevel: logLevel.NOTHING });
    const consumer = raw.consumer({ groupId: `wire-${randomUUID()}`, maxWaitTimeInMs: 500 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const records: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void records.push(message) });
    await vi.waitFor(() => expect(records).toHaveLength(3), { timeout: 20_000 });
    await consumer.disconnect();

    for (const [index, record] of records.entries()) {
      const value = JSON.parse(record.value?.toString() ?? "null");
      expect(record.key?.toString()).toBe(messages[index]?.customerId);
      expect(customerEventMessageSchema.parse(value)).toEqual(messages[index]);
      expect(record.headers?.["event-type"]?.toString()).toBe(messages[index]?.type);
    }
  });

  it("one publish larger than a send (a relay catching up) puts every message on the topic, each customer's in order", async () => {
    const bus = openBus(freshTopic());
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const messages = interleaved(ids.map((id) => customerMessages(id, 400)));
    await bus.publish(messages);

    const seen = recorder();
    await bus.consume(`large-${randomUUID()}`, seen.handler);
    await seen.handledAll(messages);
    await bus.close();

    expect(seen.handled).toHaveLength(messages.length);
    for (const id of ids)
      expect(seen.revisionsOf(id)).toEqual(Array.from({ length: 400 }, (_, revision) => revision));
  });

  it("a member killed with SIGKILL in the middle of a batch committed nothing for it: the group's next member gets that batch, and not the one committed before", async () => {
    const topic = freshTopic();
    const group = `killed-${randomUUID()}`;
    const bus = openBus(topic, 1);
    const customerId = randomUUID();
    const committed = customerMessages(customerId, 4);
    await bus.publish(committed);

    const member = spawn(
      process.execPath,
      ["--no-warnings", memberScript, server.brokers.join(","), topic, group],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const lines = outputLines(member);
    await admin.connect();
    // The committed offset is the next one to read: 4 once the first batch's commit landed.
    await vi.waitFor(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        expect(offsets?.partitions[0]?.offset).toBe("4");
      },
      { timeout: 30_000, interval: 200 },
    );
    const held = customerMessages(customerId, 3, 4).map((message) => ({ ...message, data: { hold: true } }));
    await bus.publish(held);
    await vi.waitFor(() => expect(lines.some((line) => line.includes("holding"))).toBe(true), {
      timeout: 20_000,
    });
    member.kill("SIGKILL");
    await new Promise((resolve) => member.once("exit", resolve));

    const next = recorder();
    await bus.consume(group, next.handler);
    await next.handledAll(held);
    await bus.close();

    expect(next.handled.map((message) => message.eventId)).toEqual(held.map((message) => message.eventId));
  });
});

const outputLines = (child: ChildProcess): string[] => {
  const lines: string[] = [];
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  });
  return lines;
};
