import { setTimeout as sleep } from "node:timers/promises";
import { readAllCustomerEvents } from "@crm/read-models";
import { startCustomerTraffic } from "@crm/relay/testing";
import { describeWithServer, isUnavailable, type MongoServer, mongoServer } from "@crm/test-servers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { aDistributedRun } from "./testing/distributedRun.ts";
import { ownKafkaBroker } from "./testing/ownKafkaBroker.ts";
import { PROJECTOR_MAIN, RELAY_MAIN, type ServiceProcess } from "./testing/serviceProcess.ts";
import { mongoTestReadStore, sqliteTestReadStore } from "./testing/testReadStore.ts";

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
      const server = mongo;
      const run = aDistributedRun("broker-restart", broker.brokers, {
        partitions: 3,
        readModelsIn: (dir) => (server ? mongoTestReadStore(server.url) : sqliteTestReadStore(dir)),
      });
      const { eventStore, random, launch } = run;
      try {
        const traffic = startCustomerTraffic(eventStore, { random, pauseMs: 10 });
        const relay = launch("relay", RELAY_MAIN);
        const projector = launch("projector", PROJECTOR_MAIN);
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
        await run.untilTheGroupCommittedAll();
        expect(await relay.kill("SIGTERM")).toEqual({ code: 0, signal: null });
        expect(await projector.kill("SIGTERM")).toEqual({ code: 0, signal: null });

        const onTheTopic = await run.onTheTopic();
        const warned = (service: ServiceProcess) => service.lines.filter((line) => line.level >= 40).length;
        console.info(
          `${appended.events} events for ${appended.customers} customers, read models in ${run.readModels.kind}; ` +
            `broker restarted ${RESTARTS} times; relay logged ${warned(relay)} warnings/errors, projector ${warned(projector)}; ` +
            `topic holds ${onTheTopic.records} records for ${onTheTopic.distinct} events`,
        );
        const events = await run.expectTheReadModelToEqualAReplay(appended, NOW);
        expect(onTheTopic.distinct).toBe(events);
      } finally {
        await run.end();
      }
    });
  },
);
