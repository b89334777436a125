import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { readAllCustomerEvents } from "@crm/read-models";
import { startCustomerTraffic } from "@crm/relay/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, kafkaAndMongo } from "@crm/test-servers";
import { seededRandom } from "@crm/testing";
import { expect, it, vi } from "vitest";
import { groupHasCommittedAll } from "./testing/groupProgress.ts";
import { readModelVersusReplay } from "./testing/readModelVersusReplay.ts";
import { PROJECTOR_MAIN, RELAY_MAIN, type ServiceProcess, startService } from "./testing/serviceProcess.ts";
import { mongoTestReadStore } from "./testing/testReadStore.ts";

// Projectors that scale out: three projector processes in one consumer group share the topic's
// partitions and one MongoDB read store. One is killed with SIGKILL while commands keep coming;
// the other two take over its partitions, and the read model still equals a full replay.

const NOW = new Date("2026-06-30T12:00:00.000Z");
const projected = (service: ServiceProcess) =>
  service.lines.filter((line) => line.msg === "projected").length;

await describeWithServer("projectors scaled out in one consumer group", kafkaAndMongo, (servers) => {
  it("given three projector processes in one group while commands append, when one is killed with SIGKILL mid-stream, then the other two take over its partitions and the read model equals a full replay", {
    timeout: 150_000,
  }, async () => {
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const dir = mkdtempSync(join(tmpdir(), "crm-scale-out-"));
    const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
    const readModels = mongoTestReadStore(servers.mongoUrl);
    const topic = `crm.customer-events.test-${randomUUID()}`;
    const group = `crm.read-models.test-${randomUUID()}`;
    const env = {
      KAFKA_BROKERS: servers.brokers.join(","),
      KAFKA_TOPIC: topic,
      KAFKA_TOPIC_PARTITIONS: "6",
      PROJECTOR_GROUP: group,
      // The broker's smallest: the killed member's partitions move on after 6 s.
      KAFKA_SESSION_TIMEOUT_MS: "6000",
      CRM_DATA_DIR: dir,
      RELAY_BATCH_SIZE: "50",
      LOG_LEVEL: "debug",
      EVENTSTORE_URL: "",
      ...readModels.env,
    };
    const started: ServiceProcess[] = [];
    const launch = (name: string, script: string) => {
      const service = startService(name, script, env);
      started.push(service);
      return service;
    };
    try {
      const traffic = startCustomerTraffic(eventStore, { random, pauseMs: 10 });
      await traffic.reached(100);
      // The relay keeps the SQLite event store's checkpoint; the projectors share MongoDB.
      const relay = launch("relay", RELAY_MAIN);
      const projectors = [1, 2, 3].map((n) => launch(`projector-${n}`, PROJECTOR_MAIN));

      // Every member has been given partitions and has projected from them.
      await vi.waitFor(() => expect(projectors.every((projector) => projected(projector) > 0)).toBe(true), {
        timeout: 60_000,
        interval: 200,
      });
      const [victim, ...survivors] = projectors as [ServiceProcess, ...ServiceProcess[]];
      await victim.kill("SIGKILL");
      const before = survivors.map(projected);
      await traffic.reached(600);
      const appended = await traffic.stop();
      const lastPosition = (await readAllCustomerEvents(eventStore)).at(-1)?.position;
      // A relay started now says "caught up" once everything appended is on the topic.
      expect(await relay.kill("SIGTERM")).toEqual({ code: 0, signal: null });
      const lastRelay = launch("relay", RELAY_MAIN);
      const caughtUp = await lastRelay.logged((line) => line.msg.startsWith("caught up"));
      expect(caughtUp.position).toBe(String(lastPosition));
      await vi.waitFor(
        async () => expect(await groupHasCommittedAll(servers.brokers, topic, group)).toBe(true),
        { timeout: 60_000, interval: 250 },
      );
      // The survivors went on projecting after the kill (they took over its partitions).
      expect(survivors.map(projected).every((count, index) => count > (before[index] ?? 0))).toBe(true);
      for (const service of [lastRelay, ...survivors])
        expect(await service.kill("SIGTERM")).toEqual({ code: 0, signal: null });

      const readStore = await readModels.open();
      const { facts, views } = await readModelVersusReplay(eventStore, readStore, NOW);
      await readStore.close();
      console.info(
        `seed ${seed}: ${appended.events} events for ${appended.customers} customers across three projectors`,
      );
      expect(facts.stored).toHaveLength(appended.customers);
      expect(facts.stored).toEqual(facts.rebuilt);
      expect(views.readModel).toEqual(views.replay);
    } finally {
      await Promise.all(started.map((service) => service.kill("SIGKILL")));
      await readModels.dispose();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
