// The read-model projector as a service: `node services/projector/src/main.ts`, configured
// by the environment (see projectorConfig.ts). Run several with the same PROJECTOR_GROUP to
// share the partitions. SIGTERM and SIGINT finish the batch in hand, commit it and leave the
// group; after a SIGKILL the group hands the uncommitted batch to the next member.

import { kafkaCustomerEventBus } from "@crm/event-bus/kafka";
import { ReadStoreUnavailableError } from "@crm/read-store";
import { openReadStore } from "@crm/stores";
import { pino } from "pino";
import { readProjectorConfig } from "./projectorConfig.ts";
import { startReadModelProjector } from "./readModelProjector.ts";

const config = readProjectorConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: "projector", pid: process.pid } });

const readStore = await openReadStore(config);
const bus = kafkaCustomerEventBus({
  brokers: config.brokers,
  clientId: "crm-projector",
  topic: config.topic,
  ...(config.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: config.sessionTimeoutMs }),
  logger: logger.child({ component: "kafka" }),
});
const membership = await startReadModelProjector({
  bus,
  readStore,
  group: config.group,
  onProjected: ({ messages, lastPosition }) => logger.debug({ messages, lastPosition }, "projected"),
  onError: (error, retryInMs) =>
    error instanceof ReadStoreUnavailableError
      ? logger.warn(
          { retryInMs, reason: error.message },
          "read store unavailable; batch not committed, retrying",
        )
      : logger.error(
          { err: error, retryInMs },
          "consuming failed (a batch, or joining the group); nothing committed, retrying",
        ),
});
logger.info(
  { topic: config.topic, group: config.group, readStore: config.mongoUrl ? "mongodb" : "sqlite" },
  "projector started",
);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    logger.info(`${signal}: finishing the batch in hand`);
    await membership.stop();
    await bus.close();
    await readStore.close();
    logger.info("projector stopped");
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, "projector did not stop cleanly");
      process.exit(1);
    },
  );
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
