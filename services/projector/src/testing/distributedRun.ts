import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import type { RecordedEvent } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { customerEventMessages } from "@crm/relay";
import { topicRecords } from "@crm/relay/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { seededRandom } from "@crm/testing";
import { expect, vi } from "vitest";
import { committedOffsets, groupHasCommittedAll } from "./groupProgress.ts";
import { readModelVersusReplay } from "./readModelVersusReplay.ts";
import { type ServiceProcess, startService } from "./serviceProcess.ts";
import type { TestReadStore } from "./testReadStore.ts";

/**
 * What the distributed path's fault tests share: a seeded run (its seed is logged first, and
 * FAULT_SEED plays it again), an event store in a folder of its own, a fresh topic and consumer
 * group, the relay's and projectors' environment, every process it launched killed at the end,
 * and the two checks they end on.
 */
export const aDistributedRun = <R extends TestReadStore>(
  name: string,
  brokers: string[],
  options: { partitions: number; readModelsIn: (dir: string) => R },
) => {
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
  console.info(`${name}: seed ${seed} (FAULT_SEED=${seed} runs it again)`);
  const dir = mkdtempSync(join(tmpdir(), `crm-${name}-`));
  const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
  const readModels = options.readModelsIn(dir);
  const topic = `crm.customer-events.test-${randomUUID()}`;
  const group = `crm.read-models.test-${randomUUID()}`;
  const env = {
    KAFKA_BROKERS: brokers.join(","),
    KAFKA_TOPIC: topic,
    KAFKA_TOPIC_PARTITIONS: String(options.partitions),
    PROJECTOR_GROUP: group,
    // The broker's smallest: a killed member's partitions move on after 6 s.
    KAFKA_SESSION_TIMEOUT_MS: "6000",
    CRM_DATA_DIR: dir,
    RELAY_BATCH_SIZE: "50",
    LOG_LEVEL: "debug",
    EVENTSTORE_URL: "",
    ...readModels.env,
  };
  const started: ServiceProcess[] = [];
  return {
    seed,
    random: seededRandom(seed),
    eventStore,
    readModels,
    topic,
    group,
    launch: (service: string, script: string) => {
      const launched = startService(service, script, env);
      started.push(launched);
      return launched;
    },
    /**
     * Every event in the store on the topic, as the relay would publish it, without a relay: for a
     * spec whose projector must meet the whole history in its first batches.
     */
    publishTheHistory: async () => {
      const bus = kafkaCustomerEventBus({
        brokers,
        clientId: `${name}-test`,
        topic,
        partitions: options.partitions,
      });
      try {
        const stored: RecordedEvent[] = [];
        for await (const event of eventStore.readAll()) stored.push(event);
        await bus.publish(customerEventMessages(stored));
      } finally {
        await bus.close();
      }
    },
    /** The group's committed offset on each partition ("-1": nothing committed yet). */
    committedOffsets: () => committedOffsets(brokers, topic, group),
    untilTheGroupCommittedAll: () =>
      vi.waitFor(async () => expect(await groupHasCommittedAll(brokers, topic, group)).toBe(true), {
        timeout: 60_000,
        interval: 250,
      }),
    /** The records on the topic, and how many distinct events they carry (a republish repeats one). */
    onTheTopic: async () => {
      const records = await topicRecords(brokers, topic);
      const events = new Set(records.map((record) => (record.value as { eventId: string }).eventId));
      return { records: records.length, distinct: events.size };
    },
    /** The read model holds every customer and equals a full replay, facts and views; returns the events replayed. */
    expectTheReadModelToEqualAReplay: async (appended: { customers: number }, now: Date): Promise<number> => {
      const readStore = await readModels.open();
      const { events, facts, views } = await readModelVersusReplay(eventStore, readStore, now);
      await readStore.close();
      expect(facts.stored).toHaveLength(appended.customers);
      expect(facts.stored).toEqual(facts.rebuilt);
      expect(views.readModel).toEqual(views.replay);
      return events;
    },
    end: async () => {
      await Promise.all(started.map((service) => service.kill("SIGKILL")));
      await readModels.dispose();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
