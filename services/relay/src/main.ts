// The relay as a service: `node services/relay/src/main.ts`, configured by the environment
// (see relayConfig.ts). SIGTERM and SIGINT finish the batch in hand, store its checkpoint
// and exit; a SIGKILL loses nothing either, the next start publishes again from the checkpoint.
import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import { serviceLogger, startTracing, stopOnSignals } from "@crm/operations";
import { openEventStore, openReadStore, STORE_FILES } from "@crm/stores";
import { RELAY_CHECKPOINT_EVERY, relayCheckpointName, startRelay } from "./relay.ts";
import { readRelayConfig } from "./relayConfig.ts";
import { serveRelayOperations } from "./relayOperations.ts";

const config = readRelayConfig(process.env);
const tracing = await startTracing("crm-relay");
const logger = serviceLogger("relay", config.logLevel);

/**
 * The relay reads the SQLite store that the platform writes, from another process: it sees
 * the platform's commits by polling, so the poll interval is the relay's added latency (half
 * of it on average) in the lag from a command's 2xx to the read model, whose p99 target is
 * 250 ms. A poll that finds nothing is one indexed read: 20 a second cost next to nothing.
 */
const SQLITE_POLL_MS = 50;

// Contract 10.1: the topic carries personal fields in the clear, decrypted with the platform's
// keys (the same key store and CRM_MASTER_KEY as the API); a customer erased before its events
// are published again (a replay) is published erased.
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
const checkpointName = relayCheckpointName(config.topic);
let operations: Awaited<ReturnType<typeof serveRelayOperations>> | undefined;
const relay = startRelay({
  eventStore,
  bus,
  checkpoints,
  checkpointName,
  checkpointEvery: RELAY_CHECKPOINT_EVERY,
  ...(config.batchSize === undefined ? {} : { batchSize: config.batchSize }),
  onPublished: ({ messages, position }) => {
    operations?.published(messages);
    logger.debug({ messages, position: String(position) }, "published");
  },
  onError: (error, retryInMs) =>
    logger.warn({ err: error, retryInMs }, "relaying failed; starting again from the checkpoint"),
});
if (config.operationsPort !== undefined)
  operations = await serveRelayOperations({
    port: config.operationsPort,
    relay,
    relayName: checkpointName,
    eventStore,
    checkpoints,
    brokers: config.brokers,
    logger: logger.child({ component: "operations" }),
  });
logger.info(
  {
    operations: operations?.address ?? null,
    topic: config.topic,
    eventStore: config.eventStoreUrl ? "eventstoredb" : "sqlite",
    dataDir: config.dataDir,
  },
  "relay started",
);
void relay.caughtUp.then(() =>
  logger.info({ position: String(relay.position()) }, "caught up; relaying live events"),
);

const stoppedAt = () => ({ position: String(relay.position()) });
stopOnSignals({ name: "relay", logger, tracing, stoppedAt }, async () => {
  await operations?.close();
  await relay.stop();
  await bus.close();
  await eventStore.close();
  await checkpointStore.close();
});
