import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CUSTOMER_STREAM_PREFIX, toRecordedCustomerEvent } from "@crm/domain";
import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import { customerEventMessageSchema, toCustomerEventMessage } from "@crm/event-contracts";
import type { EventStore, RecordedEvent } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { openReadStoreDatabase, sqliteCheckpointStore } from "@crm/read-store-sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, kafkaServer } from "@crm/test-servers";
import { seededRandom } from "@crm/testing";
import { afterEach, expect, it } from "vitest";
import { relayCheckpointName, startRelay } from "./relay.ts";
import { startCustomerTraffic } from "./testing/customerTraffic.ts";
import { topicRecords } from "./testing/topicRecords.ts";

const everything = async (eventStore: EventStore) => {
  const events: RecordedEvent[] = [];
  for await (const event of eventStore.readAll()) events.push(event);
  return events;
};

await describeWithServer("relay: event store -> Kafka", kafkaServer, (server) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const fixture = () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-relay-"));
    const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
    const checkpointsDb = openReadStoreDatabase(storeFile(dir, STORE_FILES.relayCheckpoints));
    const topic = `crm.customer-events.test-${randomUUID()}`;
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => eventStore.close());
    cleanups.push(() => checkpointsDb.close());
    const runRelay = async () => {
      const bus = kafkaCustomerEventBus({
        brokers: server.brokers,
        clientId: "relay-tests",
        topic,
        partitions: 3,
      });
      const relay = startRelay({
        eventStore,
        bus,
        checkpoints: sqliteCheckpointStore(checkpointsDb),
        checkpointName: relayCheckpointName(topic),
        batchSize: 40,
      });
      await relay.caughtUp;
      await relay.stop();
      await bus.close();
    };
    const appendEvents = async (count: number, seed: number) => {
      const traffic = startCustomerTraffic(eventStore, { random: seededRandom(seed) });
      await traffic.reached(count);
      await traffic.stop();
    };
    return { eventStore, topic, runRelay, appendEvents };
  };

  it("publishes every customer event as contract section 6's message, keyed by customerId, one customer in one partition in revision order, and nothing from other streams", async () => {
    const { eventStore, topic, runRelay, appendEvents } = fixture();
    await appendEvents(300, 1);

    await runRelay();

    const stored = await everything(eventStore);
    const expected = stored.flatMap((event) => {
      const customerEvent = toRecordedCustomerEvent(event);
      return customerEvent ? [toCustomerEventMessage(customerEvent)] : [];
    });
    expect(stored.some((event) => !event.streamName.startsWith(CUSTOMER_STREAM_PREFIX))).toBe(true);
    const records = await topicRecords(server.brokers, topic);
    expect(records).toHaveLength(expected.length);
    const published = new Map(
      records.map((record) => [(record.value as { eventId: string }).eventId, record]),
    );
    const partitionOf = new Map<string, number>();
    const lastRevision = new Map<string, number>();
    for (const message of expected) {
      const record = published.get(message.eventId);
      expect(record?.key).toBe(message.customerId);
      expect(customerEventMessageSchema.parse(record?.value)).toEqual(message);
      expect(partitionOf.get(message.customerId) ?? record?.partition).toBe(record?.partition);
      partitionOf.set(message.customerId, record?.partition ?? -1);
    }
    for (const record of [...records].sort(
      (a, b) => a.partition - b.partition || Number(a.offset - b.offset),
    )) {
      const { customerId, revision } = record.value as { customerId: string; revision: number };
      expect(revision).toBe((lastRevision.get(customerId) ?? -1) + 1);
      lastRevision.set(customerId, revision);
    }
  });

  it("a relay started again resumes from its checkpoint: after a clean stop, the second run publishes only what came after", async () => {
    const { eventStore, topic, runRelay, appendEvents } = fixture();
    await appendEvents(120, 2);
    await runRelay();
    const firstRun = (await topicRecords(server.brokers, topic)).length;

    await appendEvents(120, 3);
    await runRelay();

    const customerEvents = (await everything(eventStore)).filter((event) =>
      event.streamName.startsWith(CUSTOMER_STREAM_PREFIX),
    );
    const records = await topicRecords(server.brokers, topic);
    const eventIds = records.map((record) => (record.value as { eventId: string }).eventId);
    expect(firstRun).toBeGreaterThanOrEqual(120);
    expect(records.length).toBe(customerEvents.length);
    expect(new Set(eventIds)).toEqual(new Set(customerEvents.map((event) => event.eventId)));
  });
});
