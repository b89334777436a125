import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { customerStreamName, decideCustomer, GENESIS_HASH } from "@crm/domain";
import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { startReadModelProjector } from "@crm/projector";
import { withCollectionAliases } from "@crm/read-models";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openReadStoreDatabase, sqliteCheckpointStore } from "@crm/read-store-sqlite";
import { RELAY_CHECKPOINT_EVERY, startRelay } from "@crm/relay";
import { STORE_FILES, storeFile } from "@crm/stores";
import { isUnavailable, kafkaServer, mongoServer } from "@crm/test-servers";
import { MongoClient } from "mongodb";
import { benchConfig } from "./benchConfig.ts";
import { reportResult } from "./childProcess.ts";
import { envelope } from "./envelope.ts";
import { type LagLegs, lagStages } from "./lagStages.ts";
import { percentile } from "./percentiles.ts";
import { profileWindow, WINDOWS } from "./profiling.ts";
import { writeHistory } from "./writeHistory.ts";

// `node distributed.ts <events> <lagSeconds> <commandsPerSecond>`: the distributed path's figures
// on a real Kafka broker and the MongoDB protocol (FerretDB here), servers from the test-servers
// chain (KAFKA_BROKERS / MONGO_URL, Docker, or the local scripts).
// 1. Relay throughput: <events> of generated history in the SQLite event store, relayed from zero
//    to a fresh topic (6 partitions), until the relay says it is caught up.
// 2. Lag: leads appended at a steady rate; for each, the time from its append (the command's 2xx)
//    until the projector service's consumer (startReadModelProjector, every read model) has
//    written its batch to MongoDB.
// Relay and projector run in this one process (one event loop), each on its own Kafka client; the
// relay keeps its checkpoint beside the read models, as the relay service does given MONGO_URL.

export type DistributedResult =
  | { ran: false; reason: string }
  | {
      ran: true;
      /** cpuSeconds: this process's CPU time while relaying (the machine is shared: wall time waits for it). */
      relay: { events: number; seconds: number; eventsPerSecond: number; cpuSeconds: number };
      lag: {
        samples: number;
        commandsPerSecond: number;
        p50Ms: number;
        p99Ms: number;
        maxMs: number;
        /** Where it went: append -> broker acknowledged -> projector handed it -> read store written. */
        legs: LagLegs;
      };
    };

// Without arguments (`npm run -w @crm/bench distributed`: this section alone), the sizes come
// from BENCH_RELAY_EVENTS, BENCH_DISTRIBUTED_LAG_SECONDS and BENCH_DISTRIBUTED_LAG_RATE.
const config = benchConfig();
const [eventsArg, secondsArg, rateArg] = process.argv.slice(2);
const events = Number(eventsArg ?? config.relayEvents);
const lagSeconds = Number(secondsArg ?? config.distributedLagSeconds);
const rate = Number(rateArg ?? config.distributedLagRate);

const kafka = await kafkaServer();
if (isUnavailable(kafka)) {
  reportResult({ ran: false, reason: kafka.unavailable } satisfies DistributedResult);
  process.exit(0);
}
const mongo = await mongoServer();
if (isUnavailable(mongo)) {
  await kafka.stop();
  reportResult({ ran: false, reason: mongo.unavailable } satisfies DistributedResult);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "crm-bench-distributed-"));
const checkpointsDb = openReadStoreDatabase(storeFile(dir, STORE_FILES.relayCheckpoints));
const checkpoints = sqliteCheckpointStore(checkpointsDb);
const bus = (topic: string, clientId: string) =>
  kafkaCustomerEventBus({ brokers: kafka.brokers, clientId, topic, partitions: 6 });

const relayThroughput = async () => {
  const store = openSqliteEventStore({ path: join(dir, "history.sqlite") });
  await writeHistory(store, { events, seed: 20_240_601 });
  const topic = `crm.bench-relay-${randomUUID()}`;
  const producer = bus(topic, "bench-relay");
  const started = performance.now();
  const measured = profileWindow(WINDOWS.relay);
  const cpuBefore = process.cpuUsage();
  const relay = startRelay({
    eventStore: store,
    bus: producer,
    checkpoints,
    checkpointName: topic,
    batchSize: 5_000,
  });
  await relay.caughtUp;
  const seconds = (performance.now() - started) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  measured.end();
  await relay.stop();
  await producer.close();
  await store.close();
  return {
    events,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(events / seconds),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
  };
};

const appendLead = async (store: EventStore, index: number): Promise<bigint> => {
  const customerId = randomUUID();
  const decided = decideCustomer(
    {
      type: "CreateLead",
      customerId,
      referrerExists: false,
      name: `Lag probe ${index}`,
      source: "web",
      occurredAt: new Date().toISOString(),
    },
    null,
  );
  const { events: enveloped } = envelope(decided, "createLead", GENESIS_HASH);
  const { position } = await store.append(customerStreamName(customerId), enveloped, {
    expectedRevision: "no_stream",
  });
  return position;
};

/** The server is shared (MONGO_URL): the run takes its database away with it. */
const dropDatabase = async (url: string, database: string) => {
  const client = new MongoClient(url);
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
};

const lag = async () => {
  const store = openSqliteEventStore({ path: join(dir, "live.sqlite") });
  const topic = `crm.bench-lag-${randomUUID()}`;
  const database = `crm_bench_${randomUUID().replaceAll("-", "")}`;
  // Behind the collection aliases, as the projector service opens it (openReadStore).
  const readStore = await withCollectionAliases(await openMongoReadStore({ url: mongo.url, database }));
  const producer = bus(topic, "bench-lag-relay");
  const consumer = bus(topic, "bench-lag-projector");
  const stages = lagStages();
  const membership = await startReadModelProjector({
    bus: stages.receiving(consumer),
    readStore,
    group: `crm.bench-lag-${randomUUID()}`,
    onProjected: ({ positions }) => stages.written(positions),
  });
  // The checkpoint beside the read models, as the relay service keeps it given MONGO_URL.
  const relay = startRelay({
    eventStore: store,
    bus: producer,
    checkpoints: readStore.checkpoints,
    checkpointName: topic,
    checkpointEvery: RELAY_CHECKPOINT_EVERY,
    batchSize: 256,
    onPublished: ({ position }) => stages.publishedUpTo(position),
  });
  await relay.caughtUp;
  // One lead first, to let the group settle before the measured ones.
  await appendLead(store, -1);
  await sleep(3_000);
  const total = lagSeconds * rate;
  const measured = profileWindow(WINDOWS.distributedLag);
  for (let index = 0; index < total; index++) {
    stages.appended(await appendLead(store, index));
    await sleep(1_000 / rate);
  }
  const deadline = Date.now() + 30_000;
  while (stages.samples().length < total && Date.now() < deadline) await sleep(100);
  measured.end();
  await relay.stop();
  await membership.stop();
  await Promise.all([producer.close(), consumer.close()]);
  await readStore.close();
  await store.close();
  await dropDatabase(mongo.url, database);
  const sorted = stages.samples().toSorted((a, b) => a - b);
  const ms = (value: number) => Number(value.toFixed(1));
  return {
    samples: sorted.length,
    commandsPerSecond: rate,
    p50Ms: ms(percentile(sorted, 50)),
    p99Ms: ms(percentile(sorted, 99)),
    maxMs: ms(sorted.at(-1) ?? 0),
    legs: stages.legs(),
  };
};

try {
  const relay = await relayThroughput();
  console.error(
    `  relay: ${relay.events} events in ${relay.seconds} s (${relay.cpuSeconds} s CPU), ${relay.eventsPerSecond} events/s`,
  );
  const measured = await lag();
  const { relay: published, broker, readStore } = measured.legs;
  console.error(
    `  lag legs, p50/p99 ms: relay ${published.p50Ms}/${published.p99Ms}, broker ${broker.p50Ms}/${broker.p99Ms}, read store ${readStore.p50Ms}/${readStore.p99Ms}`,
  );
  reportResult({ ran: true, relay, lag: measured } satisfies DistributedResult);
} finally {
  checkpointsDb.close();
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([kafka.stop(), mongo.stop()]);
}
