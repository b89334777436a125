import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import type { RecordedEvent } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { proxiedUrl, startTcpProxy } from "@crm/read-store-mongodb/testing";
import { customerEventMessages } from "@crm/relay";
import { startCustomerTraffic } from "@crm/relay/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, kafkaAndMongo } from "@crm/test-servers";
import { seededRandom } from "@crm/testing";
import { Kafka, logLevel } from "kafkajs";
import { expect, it, vi } from "vitest";
import { groupHasCommittedAll } from "./testing/groupProgress.ts";
import { readModelVersusReplay } from "./testing/readModelVersusReplay.ts";
import { PROJECTOR_MAIN, type ServiceProcess, startService } from "./testing/serviceProcess.ts";
import { mongoTestReadStore } from "./testing/testReadStore.ts";

// Issue: while the read store is down, a batch fails, nothing is committed, and the consumer
// retries with backoff until it comes back: no crash loop, no skipped messages. MongoDB is
// taken away by a forwarder between the projector and the server (the server may be shared).
// The messages are on the topic before the projector starts, so its first batch meets the outage.

const NOW = new Date("2026-06-30T12:00:00.000Z");
const UNAVAILABLE = "read store unavailable; batch not committed, retrying";

await describeWithServer("projector while the MongoDB read store is down", kafkaAndMongo, (servers) => {
  it("given the read store unreachable, when batches arrive, then the projector process retries them with growing waits, commits nothing and stays up; once the store is back it catches up to a full replay", {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-outage-"));
    const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
    const route = proxiedUrl(servers.mongoUrl, 0);
    if (typeof route === "string") throw new Error(route);
    const forwarder = await startTcpProxy(route.target);
    const readModels = mongoTestReadStore(
      (proxiedUrl(servers.mongoUrl, forwarder.port) as { url: string }).url,
    );
    const topic = `crm.customer-events.test-${randomUUID()}`;
    const group = `crm.read-models.test-${randomUUID()}`;
    const environment = {
      KAFKA_BROKERS: servers.brokers.join(","),
      KAFKA_TOPIC: topic,
      PROJECTOR_GROUP: group,
      KAFKA_SESSION_TIMEOUT_MS: "6000",
      LOG_LEVEL: "debug",
      ...readModels.env,
    };
    let projector: ServiceProcess | undefined;
    try {
      const traffic = startCustomerTraffic(eventStore, { random: seededRandom(7) });
      await traffic.reached(400);
      const appended = await traffic.stop();
      const stored: RecordedEvent[] = [];
      for await (const event of eventStore.readAll()) stored.push(event);
      const bus = kafkaCustomerEventBus({
        brokers: servers.brokers,
        clientId: "outage-test",
        topic,
        partitions: 3,
      });
      await bus.publish(customerEventMessages(stored));
      await bus.close();

      await forwarder.cut();
      projector = startService("projector", PROJECTOR_MAIN, environment);
      const started = projector;
      const unavailable = () => started.lines.filter((line) => line.msg === UNAVAILABLE);
      // The partitions are consumed side by side, each retrying its own batch: the waits
      // grow per partition, so they are read from the first partition told three times.
      const waitsOfOnePartition = () => {
        const byPartition = Map.groupBy(unavailable(), (line) => line.partition);
        return [...byPartition.values()].find((lines) => lines.length >= 3);
      };
      await vi.waitFor(() => expect(waitsOfOnePartition()).toBeDefined(), { timeout: 30_000 });
      const waits = (waitsOfOnePartition() ?? []).slice(0, 3).map((line) => line.retryInMs as number);
      expect(waits[1]).toBeGreaterThan(waits[0] ?? 0);
      expect(waits[2]).toBeGreaterThan(waits[1] ?? 0);
      const committed = await committedOffsets(servers.brokers, topic, group);
      expect(committed.length).toBeGreaterThan(0);
      expect(committed.every((offset) => offset === "-1")).toBe(true);
      expect(started.running()).toBe(true);

      await forwarder.restore();
      await vi.waitFor(
        async () => expect(await groupHasCommittedAll(servers.brokers, topic, group)).toBe(true),
        {
          timeout: 60_000,
          interval: 250,
        },
      );
      expect(await started.kill("SIGTERM")).toEqual({ code: 0, signal: null });

      const readStore = await readModels.open();
      const { facts, views } = await readModelVersusReplay(eventStore, readStore, NOW);
      await readStore.close();
      expect(facts.stored).toHaveLength(appended.customers);
      expect(facts.stored).toEqual(facts.rebuilt);
      expect(views.readModel).toEqual(views.replay);
    } finally {
      await projector?.kill("SIGKILL");
      await forwarder.restore();
      await readModels.dispose();
      await forwarder.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const committedOffsets = async (brokers: string[], topic: string, group: string) => {
  const admin = new Kafka({ clientId: "outage-test", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return committed?.partitions.map(({ offset }) => offset) ?? [];
  } finally {
    await admin.disconnect();
  }
};
