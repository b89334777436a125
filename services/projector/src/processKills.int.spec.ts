import { setTimeout as sleep } from "node:timers/promises";
import { readAllCustomerEvents } from "@crm/read-models";
import { startCustomerTraffic } from "@crm/relay/testing";
import { describeWithServer, kafkaServer } from "@crm/test-servers";
import { expect, it } from "vitest";
import { aDistributedRun } from "./testing/distributedRun.ts";
import { killRepeatedly } from "./testing/killRepeatedly.ts";
import { PROJECTOR_MAIN, RELAY_MAIN } from "./testing/serviceProcess.ts";
import { sqliteTestReadStore } from "./testing/testReadStore.ts";

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
      const run = aDistributedRun("distributed", kafka.brokers, {
        partitions: 3,
        readModelsIn: sqliteTestReadStore,
      });
      const { eventStore, random, launch } = run;
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
        await run.untilTheGroupCommittedAll();
        expect(await lastRelay.kill("SIGTERM")).toEqual({ code: 0, signal: null });
        expect(await lastProjector.kill("SIGTERM")).toEqual({ code: 0, signal: null });

        const onTheTopic = await run.onTheTopic();
        console.info(
          `${appended.events} events for ${appended.customers} customers; relay killed ${relayKills} times, projector ${projectorKills}; ` +
            `topic holds ${onTheTopic.records} records for ${onTheTopic.distinct} events (${onTheTopic.records - onTheTopic.distinct} published twice)`,
        );
        const events = await run.expectTheReadModelToEqualAReplay(appended, NOW);
        expect(onTheTopic.distinct).toBe(events);
      } finally {
        await run.end();
      }
    });
  },
);
