import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describeWithServer, kafkaServer } from "@crm/test-servers";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import { afterAll, expect, it } from "vitest";
import { startCustomerEventsConsumer } from "./customerEventsConsumer.ts";
import type { CustomerEventMessage } from "./publishedContract.ts";

// The example consumer against a real broker: messages as the CRM publishes them, one
// delivered twice (at least once), one that is not a customer event at all.

const samples = JSON.parse(
  readFileSync(new URL("./testing/sampleMessages.json", import.meta.url), "utf8"),
) as CustomerEventMessage[];

await describeWithServer("the example consumer on a real broker", kafkaServer, (server) => {
  const kafka = new Kafka({
    clientId: "example-consumer-spec",
    brokers: server.brokers,
    logLevel: logLevel.WARN,
  });
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it("given messages with a redelivered one and a malformed one, then each event is handled once, in revision order per customer", async () => {
    // A topic of its own: the spec must not read, or disturb, anyone else's messages.
    const topic = `crm.customer-events.v1.spec-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const [lead, call, email, visit] = samples as [
      CustomerEventMessage,
      CustomerEventMessage,
      CustomerEventMessage,
      CustomerEventMessage,
    ];
    const otherCustomer = randomUUID();
    const otherLead = {
      ...lead,
      customerId: otherCustomer,
      eventId: randomUUID(),
      data: { ...lead.data, customerId: otherCustomer },
    };
    const published = [lead, call, otherLead, email, call, visit];
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        ...published.map((message) => ({ key: message.customerId, value: JSON.stringify(message) })),
        { key: lead.customerId, value: "not json at all" },
      ],
    });
    await producer.disconnect();

    const handled: string[] = [];
    const duplicates: string[] = [];
    const invalid: string[] = [];
    const done = Promise.withResolvers<void>();
    const settle = () => {
      if (handled.length === 5 && duplicates.length === 1 && invalid.length === 1) done.resolve();
    };
    const consumer = await startCustomerEventsConsumer({
      brokers: server.brokers,
      groupId: `example-consumer-spec-${randomUUID()}`,
      topic,
      onEvent: (message) => {
        handled.push(`${message.customerId}:${message.revision}`);
        settle();
      },
      onDuplicate: (message) => {
        duplicates.push(`${message.customerId}:${message.revision}`);
        settle();
      },
      onInvalid: (reason) => {
        invalid.push(reason);
        settle();
      },
    });
    stops.push(consumer.stop);
    const timeout = setTimeout(
      () => done.reject(new Error(`timed out: ${JSON.stringify({ handled, duplicates, invalid })}`)),
      30_000,
    );
    await done.promise.finally(() => clearTimeout(timeout));

    const ofFirstCustomer = handled.filter((key) => key.startsWith(lead.customerId));
    expect(ofFirstCustomer).toEqual([0, 1, 2, 3].map((revision) => `${lead.customerId}:${revision}`));
    expect(handled).toContain(`${otherCustomer}:0`);
    expect(duplicates).toEqual([`${call.customerId}:1`]);
    expect(invalid).toHaveLength(1);
  });
});
