import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { readAllCustomerEvents } from "@crm/read-models";
import { startCustomerTraffic, topicRecords } from "@crm/relay/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, isUnavailable, type MongoServer, mongoServer } from "@crm/test-servers";
import { seededRandom } from "@crm/testing";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { groupHasCommittedAll } from "./testing/groupProgress.ts";
import { ownKafkaBroker } from "./testing/ownKafkaBroker.ts";
import { readModelVersusReplay } from "./testing/readModelVersusReplay.ts";
import { PROJECTOR_MAIN, RELAY_MAIN, type ServiceProcess, startService } from "./testing/serviceProcess.ts";
import { mongoTestReadStore, sqliteTestReadStore, type TestReadStore } from "./testing/testReadStore.ts";

// The other fault: the broker itself restarted while the relay publishes and the
// projector consumes. Both must ride it out on their own (no restart of theirs), and the read
// model must still equal a full replay. The read models go to MongoDB when the chain gives
// one (the distributed setup), else to SQLite.

const NOW = new Date("2026-06-30T12:00:00.000Z");
const RESTARTS = 2;

await describeWithServer(
  "distributed path: the Kafka broker restarted mid-stream",
  ownKafkaBroker,
  (broker) => {
    let mongo: MongoServer | undefined;
    beforeAll(async () => {
      const server = await mongoServer();
      if (isUnavailable(server))
        console.warn(`broker restart test: read models in SQLite, ${server.unavailable}`);
      else mongo = server;
    });
    afterAll(() => mongo?.stop());

    it(`given commands appending, the relay publishing and the projector consuming, when the broker is restarted ${RESTARTS} times mid-stream, then both recover by themselves and the read model equals a full replay`, {
      timeout: 120_000,
    }, async () => {
      const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
      const random = seededRandom(seed);
      const dir = mkdtempSync(join(tmpdir(), "crm-broker-restart-"));
      const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
      const readModels: TestReadStore = mongo ? mongoTestReadStore(mongo.url) : sqliteTestReadStore(dir);
      const topic = `crm.customer-events.test-${randomUUID()}`;
      const group = `crm.read-models.test-${randomUUID()}`;
      const env = {
        KAFKA_BROKERS: broker.brokers.join(","),
        KAFKA_TOPIC: topic,
        KAFKA_TOPIC_PARTITIONS: "3",
        PROJECTOR_GROUP: group,
        KAFKA_SESSION_TIMEOUT_MS: "6000",
        CRM_DATA_DIR: dir,
        RELAY_BATCH_SIZE: "50",
        LOG_LEVEL: "debug",
        EVENTSTORE_URL: "",
        ...readModels.env,
      };
      let services: ServiceProcess[] = [];
      try {
        const traffic = startCustomerTraffic(eventStore, { random, pauseMs: 10 });
        const relay = startService("relay", RELAY_MAIN, env);
        const projector = startService("projector", PROJECTOR_MAIN, env);
        services = [relay, projector];
        await projector.logged((line) => line.msg === "projected");

        for (let restart = 0; restart < RESTARTS; restart++) {
          await sleep(300 + random.next() * 1_200);
          const projectedBefore = projector.lines.length;
          await broker.restart();
          // Mid-stream means the flow resumed before the next restart.
          await projector.logged(
            (line) => line.msg === "projected" && projector.lines.indexOf(line) >= projectedBefore,
          );
        }
        const appended = await traffic.stop();
        const lastPosition = (await readAllCustomerEvents(eventStore)).at(-1)?.position;
        await relay.logged((line) => line.msg === "published" && line.position === lastPosition);
        await vi.waitFor(
          async () => expect(await groupHasCommittedAll(broker.brokers, topic, group)).toBe(true),
          {
            timeout: 60_000,
            interval: 250,
          },
        );
        expect(await relay.kill("SIGTERM")).toEqual({ code: 0, signal: null });
        expect(await projector.kill("SIGTERM")).toEqual({ code: 0, signal: null });

        const records = await topicRecords(broker.brokers, topic);
        const distinct = new Set(records.map((record) => (record.value as { eventId: string }).eventId)).size;
        const readStore = await readModels.open();
        const { events, facts, views } = await readModelVersusReplay(eventStore, readStore, NOW);
        await readStore.close();
        const warned = (service: ServiceProcess) => service.lines.filter((line) => line.level >= 40).length;
        console.info(
          `seed ${seed}: ${appended.events} events for ${appended.customers} customers, read models in ${readModels.kind}; ` +
            `broker restarted ${RESTARTS} times; relay logged ${warned(relay)} warnings/errors, projector ${warned(projector)}; ` +
            `topic holds ${records.length} records for ${distinct} events`,
        );

        expect(distinct).toBe(events);
        expect(facts.stored).toHaveLength(appended.customers);
        expect(facts.stored).toEqual(facts.rebuilt);
        expect(views.readModel).toEqual(views.replay);
      } finally {
        await Promise.all(services.map((service) => service.kill("SIGKILL")));
        await eventStore.close();
        await readModels.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
