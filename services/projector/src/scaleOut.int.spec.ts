import { readAllCustomerEvents } from "@crm/read-models";
import { startCustomerTraffic } from "@crm/relay/testing";
import { describeWithServer, kafkaAndMongo } from "@crm/test-servers";
import { expect, it, vi } from "vitest";
import { aDistributedRun } from "./testing/distributedRun.ts";
import { PROJECTOR_MAIN, RELAY_MAIN, type ServiceProcess } from "./testing/serviceProcess.ts";
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
    // The relay keeps the SQLite event store's checkpoint; the projectors share MongoDB.
    const run = aDistributedRun("scale-out", servers.brokers, {
      partitions: 6,
      readModelsIn: () => mongoTestReadStore(servers.mongoUrl),
    });
    const { eventStore, random, launch } = run;
    try {
      const traffic = startCustomerTraffic(eventStore, { random, pauseMs: 10 });
      await traffic.reached(100);
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
      await run.untilTheGroupCommittedAll();
      // The survivors went on projecting after the kill (they took over its partitions).
      expect(survivors.map(projected).every((count, index) => count > (before[index] ?? 0))).toBe(true);
      for (const service of [lastRelay, ...survivors])
        expect(await service.kill("SIGTERM")).toEqual({ code: 0, signal: null });

      console.info(`${appended.events} events for ${appended.customers} customers across three projectors`);
      await run.expectTheReadModelToEqualAReplay(appended, NOW);
    } finally {
      await run.end();
    }
  });
});
