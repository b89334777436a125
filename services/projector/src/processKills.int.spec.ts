import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { readAllCustomerEvents } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { startCustomerTraffic, topicRecords } from "@crm/relay/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, kafkaServer } from "@crm/test-servers";
import { seededRandom } from "@crm/testing";
import { expect, it, vi } from "vitest";
import { groupHasCommittedAll } from "./testing/groupProgress.ts";
import { killRepeatedly } from "./testing/killRepeatedly.ts";
import { readModelVersusReplay } from "./testing/readModelVersusReplay.ts";
import { PROJECTOR_MAIN, RELAY_MAIN, type ServiceProcess, startService } from "./testing/serviceProcess.ts";

// The fault test: the relay and a projector in processes of their own, killed with
// SIGKILL at random moments and started again while commands keep appending. At the end the
// read model must equal a full replay of the event store: nothing lost, nothing counted twice.

const NOW = new Date("2026-06-30T12:00:00.000Z");
const KILLS = 10;

await describeWithServer(
  "distributed path: relay and projector killed with SIGKILL",
  kafkaServer,
  (kafka) => {
    it(`given commands appending all along, when the relay and the projector are each killed with SIGKILL at random moments and started again (at least ${KILLS} times each), then the read model equals a full replay`, {
      timeout: 170_000,
    }, async () => {
      const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
      const random = seededRandom(seed);
      const dir = mkdtempSync(join(tmpdir(), "crm-distributed-"));
      const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
      const topic = `crm.customer-events.test-${randomUUID()}`;
      const group = `crm.read-models.test-${randomUUID()}`;
      const env = {
        KAFKA_BROKERS: kafka.brokers.join(","),
        KAFKA_TOPIC: topic,
        KAFKA_TOPIC_PARTITIONS: "3",
        PROJECTOR_GROUP: group,
        // The broker's smallest: a killed projector's partitions move on after 6 s.
        KAFKA_SESSION_TIMEOUT_MS: "6000",
        CRM_DATA_DIR: dir,
        RELAY_BATCH_SIZE: "50",
        LOG_LEVEL: "debug",
        // The SQLite stores in `dir`, whatever this shell points at.
        MONGO_URL: "",
        EVENTSTORE_URL: "",
      };
      // Every process started, so a failing run leaves none behind.
      const started: ServiceProcess[] = [];
      const launch = (name: string, script: string) => {
        const service = startService(name, script, env);
        started.push(service);
        return service;
      };
      const relay = () => launch("relay", RELAY_MAIN);
      const projector = () => launch("projector", PROJECTOR_MAIN);
      try {
        const traffic = startCustomerTraffic(eventStore, { random, pauseMs: 10 });
        await traffic.reached(200);

        let projectorKillsDone = false;
        const [relayKills, projectorKills] = await Promise.all([
          // The relay dies anywhere: while starting, mid-publish, between publish and checkpoint.
          killRepeatedly({
            start: relay,
            killPoint: () => sleep(200 + random.next() * 1_300),
            atLeast: KILLS,
            enough: () => projectorKillsDone,
          }),
          // The projector dies once it is projecting (it first waits out the previous member's
          // session), within 0.7 s of its first batch: mid-batch or between batches.
          killRepeatedly({
            start: projector,
            killPoint: async (service) => {
              await Promise.race([service.logged((line) => line.msg === "projected"), sleep(15_000)]);
              await sleep(random.next() * 700);
            },
            atLeast: KILLS,
          }).finally(() => {
            projectorKillsDone = true;
          }),
        ]);
        const appended = await traffic.stop();
        const lastPosition = (await readAllCustomerEvents(eventStore)).at(-1)?.position;

        // Last runs, left alone until the read model has everything, then stopped cleanly.
        const lastRelay = relay();
        const lastProjector = projector();
        const caughtUp = await lastRelay.logged((line) => line.msg.startsWith("caught up"));
        expect(caughtUp.position).toBe(lastPosition);
        await vi.waitFor(
          async () => expect(await groupHasCommittedAll(kafka.brokers, topic, group)).toBe(true),
          {
            timeout: 60_000,
            interval: 250,
          },
        );
        expect(await lastRelay.kill("SIGTERM")).toEqual({ code: 0, signal: null });
        expect(await lastProjector.kill("SIGTERM")).toEqual({ code: 0, signal: null });

        const records = await topicRecords(kafka.brokers, topic);
        const distinct = new Set(records.map((record) => (record.value as { eventId: string }).eventId)).size;
        const readStore = openSqliteReadStore({ path: storeFile(dir, STORE_FILES.readModels) });
        const { events, facts, views } = await readModelVersusReplay(eventStore, readStore, NOW);
        await readStore.close();
        console.info(
          `seed ${seed}: ${appended.events} events for ${appended.customers} customers; relay killed ${relayKills} times, projector ${projectorKills}; ` +
            `topic holds ${records.length} records for ${distinct} events (${records.length - distinct} published twice)`,
        );

        expect(distinct).toBe(events);
        expect(facts.stored).toHaveLength(appended.customers);
        expect(facts.stored).toEqual(facts.rebuilt);
        expect(views.readModel).toEqual(views.replay);
      } finally {
        await Promise.all(started.map((service) => service.kill("SIGKILL")));
        await eventStore.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
