// The read-model projector as a service: `node services/projector/src/main.ts`, configured
// by the environment (see projectorConfig.ts). Run several with the same PROJECTOR_GROUP to
// share the partitions. SIGTERM and SIGINT finish the batch in hand, commit it and leave the
// group; after a SIGKILL the group hands the uncommitted batch to the next member.

import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import { serviceLogger, startTracing, stopOnSignals } from "@crm/operations";
import { ReadStoreUnavailableError } from "@crm/read-store";
import { openReadStore } from "@crm/stores";
import { readProjectorConfig } from "./projectorConfig.ts";
import { serveProjectorOperations } from "./projectorOperations.ts";
import { startReadModelProjector } from "./readModelProjector.ts";

const config = readProjectorConfig(process.env);
const tracing = await startTracing("crm-projector");
const logger = serviceLogger("projector", config.logLevel);

const readStore = await openReadStore(config);
const bus = kafkaCustomerEventBus({
  brokers: config.brokers,
  clientId: "crm-projector",
  topic: config.topic,
  ...(config.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: config.sessionTimeoutMs }),
  logger: logger.child({ component: "kafka" }),
});
const operations =
  config.operationsPort === undefined
    ? undefined
    : await serveProjectorOperations({
        port: config.operationsPort,
        brokers: config.brokers,
        topic: config.topic,
        group: config.group,
        readStore,
        logger: logger.child({ component: "operations" }),
      });
const membership = await startReadModelProjector({
  bus,
  readStore,
  group: config.group,
  onHandling: ({ firstPosition, firstRecordedAt }) => operations?.handling(firstPosition, firstRecordedAt),
  onProjected: ({ messages, positions, lastPosition, lastRecordedAt }) => {
    operations?.projected({ positions, recordedAt: lastRecordedAt });
    logger.debug({ messages, lastPosition }, "projected");
  },
  onError: (error, retryInMs, partition) =>
    error instanceof ReadStoreUnavailableError
      ? logger.warn(
          { retryInMs, partition, reason: error.message },
          "read store unavailable; batch not committed, retrying",
        )
      : logger.error(
          { err: error, retryInMs, partition },
          "consuming failed (a batch, or joining the group); nothing committed, retrying",
        ),
});
logger.info(
  {
    operations: operations?.address ?? null,
    topic: config.topic,
    group: config.group,
    readStore: config.mongoUrl ? "mongodb" : "sqlite",
  },
  "projector started",
);

stopOnSignals({ name: "projector", logger, tracing }, async () => {
  await operations?.close();
  await membership.stop();
  await bus.close();
  await readStore.close();
});
