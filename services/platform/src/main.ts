import { resolve } from "node:path";
import { loadOrCreateApiKeys, parseApiKeys } from "@crm/api";
import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";
import { startTracing, traceLogFields } from "@crm/operations";
import { READ_MODEL_GROUP } from "@crm/read-models";
import {
  KEY_FILES,
  keyFile,
  openStores,
  STORE_FILES,
  storeConfigFromEnvironment,
  storeFile,
} from "@crm/stores";
import { loadOrCreateSigningKey } from "@crm/trust";
import { pino } from "pino";
import { lockDataDir } from "./dataDirLock.ts";
import { startPlatform } from "./platform.ts";
import { scrubSqliteFile } from "./scrubSqliteFile.ts";

// `npm start`: the platform on PORT. With nothing configured it is the embedded
// default (SQLite files in CRM_DATA_DIR); EVENTSTORE_URL and MONGO_URL swap in
// the distributed stores, and KAFKA_BROKERS says a projector service maintains
// the read models from Kafka, so this process does not.
const env = process.env;
const tracing = await startTracing("crm-api");
// Log lines written inside a traced request carry its trace id (and, from fastify, its correlation id).
const logger = pino({ level: env.LOG_LEVEL ?? "info", mixin: traceLogFields });
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? "127.0.0.1";
const dataDir = resolve(env.CRM_DATA_DIR ?? ".data");

const fromEnv = env.CRM_API_KEYS;
const { keys: apiKeys, created } = fromEnv
  ? { keys: parseApiKeys(fromEnv), created: false }
  : loadOrCreateApiKeys(dataDir);

// Contract 9.3: how many quiet days return a customer to the pool; a value that is no positive
// number stops the start rather than returning customers at a surprising pace.
const poolIdleDays = env.CRM_POOL_IDLE_DAYS === undefined ? undefined : Number(env.CRM_POOL_IDLE_DAYS);
if (poolIdleDays !== undefined && !(poolIdleDays > 0)) {
  process.stderr.write(
    `CRM_POOL_IDLE_DAYS must be a positive number of days, not "${env.CRM_POOL_IDLE_DAYS}"\n`,
  );
  process.exit(1);
}

const stores = await openStores(storeConfigFromEnvironment(env, dataDir));
const dataDirLock = stores.usesDataDir ? lockDataDir(dataDir) : undefined;
const platform = await startPlatform({
  // Contract 10.1: the platform encrypts personal fields itself, under keys kept beside the read
  // store, and seals, erases and anchors the stored form.
  eventStore: stores.storedEvents,
  personalData: stores.personalData,
  readStore: stores.readStore,
  apiKeys,
  projectReadModels: !env.KAFKA_BROKERS,
  ...(env.MONGO_URL ? {} : { scrubReadStore: scrubSqliteFile(storeFile(dataDir, STORE_FILES.readModels)) }),
  // Contract 10.4: one process per event store anchors the history; CRM_ANCHOR_HISTORY=off on the others.
  ...(env.CRM_ANCHOR_HISTORY === "off"
    ? {}
    : {
        signingKey: loadOrCreateSigningKey(
          env.CRM_SIGNING_KEY_FILE ?? keyFile(dataDir, KEY_FILES.signingKey),
        ),
      }),
  ...(env.KAFKA_BROKERS
    ? {
        readModelsOnKafka: {
          brokers: env.KAFKA_BROKERS.split(",").map((broker) => broker.trim()),
          topic: env.KAFKA_TOPIC || CUSTOMER_EVENTS_TOPIC,
          group: env.PROJECTOR_GROUP || READ_MODEL_GROUP,
        },
      }
    : {}),
  tracing: tracing.enabled,
  webhooks: {
    allowedHosts: (env.CRM_WEBHOOK_ALLOWED_HOSTS ?? "")
      .split(",")
      .map((host) => host.trim())
      .filter((host) => host !== ""),
  },
  logger,
  ...(poolIdleDays === undefined ? {} : { pool: { idleDays: poolIdleDays } }),
  ...(dataDirLock ? { onClosed: dataDirLock.release } : {}),
});
const address = await platform.app.listen({ port, host });

logger.info(
  {
    events: stores.described.eventStore,
    readModels: stores.described.readStore,
    personalDataKeys: stores.described.personalDataKeys,
    kafka: env.KAFKA_BROKERS ?? null,
  },
  `CRM platform listening on ${address}; API docs at ${address}/docs`,
);
if (!fromEnv) {
  const where = created ? "created" : "stored";
  process.stdout.write(`\nAPI keys (${where} in ${dataDir}/api-keys.json), one per role:\n`);
  for (const key of apiKeys) process.stdout.write(`  ${key.role.padEnd(8)} ${key.key}\n`);
  process.stdout.write(`\nOpenAPI docs: ${address}/docs\n\n`);
}

const shutdown = async (signal: string) => {
  logger.info(`${signal}: closing`);
  await platform.close();
  await tracing.shutdown();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
