// The relay as a service: `node services/relay/src/main.ts`, configured by the environment
// (see relayConfig.ts). SIGTERM and SIGINT finish the batch in hand, store its checkpoint
// and exit; a SIGKILL loses nothing either, the next start publishes again from the checkpoint.
import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import { openEventStore, openReadStore, STORE_FILES } from "@crm/stores";
import { pino } from "pino";
import { relayCheckpointName, startRelay } from "./relay.ts";
import { readRelayConfig } from "./relayConfig.ts";

const config = readRelayConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: "relay", pid: process.pid } });

/**
 * The relay reads the SQLite store that the platform writes, from another process: it sees
 * the platform's commits by polling, so the poll interval is the relay's added latency.
 */
const SQLITE_POLL_MS = 200;

const eventStore = await openEventStore(config, { pollIntervalMs: SQLITE_POLL_MS });
// The checkpoint: beside the read models in MongoDB, else in a SQLite file of the relay's own.
const checkpointStore = await openReadStore(config, { file: STORE_FILES.relayCheckpoints });
const { checkpoints } = checkpointStore;
const bus = kafkaCustomerEventBus({
  brokers: config.brokers,
  clientId: "crm-relay",
  topic: config.topic,
  ...(config.partitions === undefined ? {} : { partitions: config.partitions }),
  logger: logger.child({ component: "kafka" }),
});
const relay = startRelay({
  eventStore,
  bus,
  checkpoints,
  checkpointName: relayCheckpointName(config.topic),
  ...(config.batchSize === undefined ? {} : { batchSize: config.batchSize }),
  onPublished: ({ messages, position }) =>
    logger.debug({ messages, position: String(position) }, "published"),
  onError: (error, retryInMs) =>
    logger.warn({ err: error, retryInMs }, "relaying failed; starting again from the checkpoint"),
});
logger.info(
  {
    topic: config.topic,
    eventStore: config.eventStoreUrl ? "eventstoredb" : "sqlite",
    dataDir: config.dataDir,
  },
  "relay started",
);
void relay.caughtUp.then(() =>
  logger.info({ position: String(relay.position()) }, "caught up; relaying live events"),
);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    logger.info(`${signal}: finishing the batch in hand`);
    await relay.stop();
    await bus.close();
    await eventStore.close();
    await checkpointStore.close();
    logger.info({ position: String(relay.position()) }, "relay stopped");
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, "relay did not stop cleanly");
      process.exit(1);
    },
  );
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
