import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { samples, sampleValue } from "@crm/operations/testing";
import { READ_MODEL_PROJECTOR } from "@crm/read-models";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "@crm/read-store-mongodb/testing";
import { relayCheckpointName } from "@crm/relay";
import { startCustomerTraffic } from "@crm/relay/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, kafkaAndMongo } from "@crm/test-servers";
import { seededRandom } from "@crm/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PROJECTOR_MAIN, RELAY_MAIN, type ServiceProcess, startService } from "./testing/serviceProcess.ts";
import { mongoTestReadStore, type TestReadStore } from "./testing/testReadStore.ts";

// Contract section 12 on the relay and projector processes (OPERATIONS_PORT): /health/ready
// names the store that went away (the broker, the read store) within 2 s and is ready again
// once it is back; /metrics shows the projector's lag rising while it cannot project and
// falling to 0 after. The broker and MongoDB are taken away by forwarders in front of them
// (the servers are shared with other suites). The clients learn the broker's own address
// from its metadata, so only the bootstrap connection, which the readiness probe makes
// afresh each time, goes through the broker's forwarder.

await describeWithServer(
  "health and metrics of the relay and projector processes",
  kafkaAndMongo,
  (servers) => {
    const dir = mkdtempSync(join(tmpdir(), "crm-operations-"));
    const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
    const topic = `crm.customer-events.test-${randomUUID()}`;
    let broker: TcpProxy;
    let mongo: TcpProxy;
    let readModels: TestReadStore;
    let relay: ServiceProcess;
    let projector: ServiceProcess;
    let relayAt: string;
    let projectorAt: string;

    const operationsAddress = async (service: ServiceProcess, started: string) => {
      const line = await service.logged((entry) => entry.msg === started);
      return `http://127.0.0.1:${new URL(String(line.operations)).port}`;
    };
    const ready = async (at: string) => {
      const response = await fetch(`${at}/health/ready`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const metrics = async (at: string) => (await fetch(`${at}/metrics`)).text();
    const eventually = async <T>(read: () => Promise<T>, until: (value: T) => boolean, ms = 30_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = await read();
        if (until(value) || Date.now() > deadline) return value;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };

    beforeAll(async () => {
      const [host, port] = (servers.brokers[0] ?? "").split(":");
      broker = await startTcpProxy({ host: host ?? "127.0.0.1", port: Number(port) });
      const route = proxiedUrl(servers.mongoUrl, 0);
      if (typeof route === "string") throw new Error(route);
      mongo = await startTcpProxy(route.target);
      readModels = mongoTestReadStore((proxiedUrl(servers.mongoUrl, mongo.port) as { url: string }).url);
      const common = { KAFKA_BROKERS: `127.0.0.1:${broker.port}`, KAFKA_TOPIC: topic, OPERATIONS_PORT: "0" };
      relay = startService("relay", RELAY_MAIN, { ...common, CRM_DATA_DIR: dir, MONGO_URL: "" });
      projector = startService("projector", PROJECTOR_MAIN, {
        ...common,
        PROJECTOR_GROUP: `crm.read-models.test-${randomUUID()}`,
        KAFKA_SESSION_TIMEOUT_MS: "6000",
        ...readModels.env,
      });
      relayAt = await operationsAddress(relay, "relay started");
      projectorAt = await operationsAddress(projector, "projector started");
    });
    afterAll(async () => {
      await broker?.restore();
      await mongo?.restore();
      await relay?.kill("SIGTERM");
      await projector?.kill("SIGTERM");
      await readModels?.dispose();
      await broker?.close();
      await mongo?.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("given the broker, then MongoDB, cut off, when /health/ready is asked, then the relay and the projector answer 503 naming the store within 2 s, and 200 once it is back", async () => {
      expect(await ready(relayAt)).toMatchObject({
        status: 200,
        body: { stores: { eventStore: "up", kafka: "up", checkpoints: "up" } },
      });
      expect(await ready(projectorAt)).toMatchObject({
        status: 200,
        body: { stores: { kafka: "up", readStore: "up" } },
      });

      await broker.cut();
      for (const at of [relayAt, projectorAt]) {
        const asked = Date.now();
        const answer = await ready(at);
        expect(Date.now() - asked).toBeLessThan(2_000);
        expect(answer).toMatchObject({
          status: 503,
          body: { error: "unavailable", details: [{ store: "kafka" }] },
        });
        expect((await fetch(`${at}/health/live`)).status).toBe(200);
      }
      await broker.restore();
      for (const at of [relayAt, projectorAt])
        expect(
          (
            await eventually(
              () => ready(at),
              (answer) => answer.status === 200,
            )
          ).status,
        ).toBe(200);

      await mongo.cut();
      const asked = Date.now();
      expect(await ready(projectorAt)).toMatchObject({
        status: 503,
        body: { details: [{ store: "readStore" }] },
      });
      expect(Date.now() - asked).toBeLessThan(2_000);
      await mongo.restore();
      expect(
        (
          await eventually(
            () => ready(projectorAt),
            (answer) => answer.status === 200,
          )
        ).status,
      ).toBe(200);
    });

    it("given the projector unable to write while events arrive, when /metrics is scraped, then its consumer lag per partition and its projection lag rise, and fall to 0 once it writes again", {
      timeout: 90_000,
    }, async () => {
      const lagOf = (text: string) =>
        sampleValue(text, "crm_subscriber_lag_events", { subscriber: READ_MODEL_PROJECTOR });
      const first = startCustomerTraffic(eventStore, { random: seededRandom(14) });
      await first.reached(100);
      await first.stop();
      const caughtUp = await eventually(
        () => metrics(projectorAt),
        (text) => lagOf(text) === 0 && text.includes(`topic="${topic}"`),
      );
      expect(lagOf(caughtUp)).toBe(0);
      const relayed = await eventually(
        () => metrics(relayAt),
        (text) =>
          sampleValue(text, "crm_subscriber_lag_events", { subscriber: relayCheckpointName(topic) }) === 0,
      );
      expect(sampleValue(relayed, "crm_relay_published_total")).toBeGreaterThanOrEqual(100);

      await mongo.cut();
      const second = startCustomerTraffic(eventStore, { random: seededRandom(15) });
      await second.reached(60);
      await second.stop();
      const lagSecondsOf = (text: string) =>
        sampleValue(text, "crm_subscriber_lag_seconds", { subscriber: READ_MODEL_PROJECTOR });
      // Both rise: the seconds from the first scrape at which the oldest unwritten event has any age.
      const behind = await eventually(
        () => metrics(projectorAt),
        (text) => (lagOf(text) ?? 0) > 0 && (lagSecondsOf(text) ?? 0) > 0,
        60_000,
      );
      expect(lagOf(behind)).toBeGreaterThan(0);
      expect(lagSecondsOf(behind)).toBeGreaterThan(0);
      const partitions = samples(behind, "crm_kafka_consumer_lag", { topic });
      expect(partitions.length).toBeGreaterThan(1);
      expect(partitions.reduce((sum, { value }) => sum + value, 0)).toBe(lagOf(behind));

      await mongo.restore();
      const after = await eventually(
        () => metrics(projectorAt),
        (text) => lagOf(text) === 0,
        60_000,
      );
      expect(lagOf(after)).toBe(0);
      expect(sampleValue(after, "crm_subscriber_lag_seconds", { subscriber: READ_MODEL_PROJECTOR })).toBe(0);
      expect(
        sampleValue(after, "crm_subscriber_checkpoint_position", { subscriber: READ_MODEL_PROJECTOR }),
      ).toBeGreaterThan(0);
    });
  },
);
