import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type ApiKey, loadOrCreateApiKeys, parseApiKeys } from "@crm/api";
import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";
import { startTracing, traceLogFields } from "@crm/operations";
import { READ_MODEL_GROUP } from "@crm/read-models";
import {
  KEY_FILES,
  keyFile,
  openStores,
  STORE_FILES,
  type Stores,
  storeConfigFromEnvironment,
  storeFile,
} from "@crm/stores";
import { loadOrCreateSigningKey } from "@crm/trust";
import { pino } from "pino";
import { lockDataDir } from "./dataDirLock.ts";
import { type Platform, startPlatform } from "./platform.ts";
import { scrubSqliteFile } from "./scrubSqliteFile.ts";
import { StartupError } from "./startupError.ts";

// `npm start`: the platform on PORT. With nothing configured it is the embedded
// default (SQLite files in CRM_DATA_DIR); EVENTSTORE_URL and MONGO_URL swap in
// the distributed stores, and KAFKA_BROKERS says a projector service maintains
// the read models from Kafka, so this process does not. What a person starting it
// can fix (a port in use, a locked folder, a bad CRM_API_KEYS) is one line and exit 1.
const env = process.env;
const tracing = await startTracing("crm-api");
// Log lines written inside a traced request carry its trace id (and, from fastify, its correlation id).
const logger = pino({ level: env.LOG_LEVEL ?? "info", mixin: traceLogFields });
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? "127.0.0.1";
const dataDir = resolve(env.CRM_DATA_DIR ?? ".data");

const apiKeysFrom = (): { keys: ApiKey[]; created: boolean } => {
  try {
    return env.CRM_API_KEYS
      ? { keys: parseApiKeys(env.CRM_API_KEYS), created: false }
      : loadOrCreateApiKeys(dataDir);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
};

// Contract 9.3: how many quiet days return a customer to the pool; a value that is no positive
// number stops the start rather than returning customers at a surprising pace.
const poolIdleDaysFrom = (): number | undefined => {
  if (env.CRM_POOL_IDLE_DAYS === undefined) return undefined;
  const days = Number(env.CRM_POOL_IDLE_DAYS);
  if (!(days > 0))
    throw new StartupError(
      `CRM_POOL_IDLE_DAYS must be a positive number of days, not "${env.CRM_POOL_IDLE_DAYS}"`,
    );
  return days;
};

const listen = async (platform: Platform) => {
  try {
    return await platform.app.listen({ port, host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new StartupError(`port ${port} on ${host} is already in use (another CRM platform?): set PORT`);
    if (code === "EACCES") throw new StartupError(`port ${port} needs privileges this user lacks: set PORT`);
    if (code === "EADDRNOTAVAIL") throw new StartupError(`HOST ${host} is not an address of this machine`);
    throw error;
  }
};

/** What a newcomer needs on first start, in one write, so no log line can land inside it. */
const banner = (
  address: string,
  stores: Stores["described"],
  keys: { list: ApiKey[]; created: boolean } | null,
) => {
  const lines = [""];
  if (keys) {
    lines.push(
      `API keys (${keys.created ? "created" : "stored"} in ${dataDir}/api-keys.json), one per role:`,
    );
    for (const key of keys.list) lines.push(`  ${key.role.padEnd(8)} ${key.key}`);
    lines.push("");
  }
  lines.push(
    `CRM platform: events in ${stores.eventStore}, read models in ${stores.readStore}` +
      (env.KAFKA_BROKERS ? ` (maintained from Kafka ${env.KAFKA_BROKERS})` : ""),
    `API: ${address}/api/v1`,
    `OpenAPI docs: ${address}/docs`,
    "",
    "",
  );
  return lines.join("\n");
};

const start = async () => {
  const { keys: apiKeys, created } = apiKeysFrom();
  const poolIdleDays = poolIdleDaysFrom();
  const storeConfig = storeConfigFromEnvironment(env, dataDir);
  // The data folder holds the embedded stores, if any: made when missing, locked to this process.
  const usesDataDir = !storeConfig.eventStoreUrl || !storeConfig.mongoUrl;
  if (usesDataDir) mkdirSync(dataDir, { recursive: true });
  const dataDirLock = usesDataDir ? lockDataDir(dataDir) : undefined;
  let platform: Platform | undefined;
  try {
    const stores = await openStores(storeConfig);
    platform = await startPlatform({
      // Contract 10.1: the platform encrypts personal fields itself, under keys kept beside the read
      // store, and seals, erases and anchors the stored form.
      eventStore: stores.storedEvents,
      personalData: stores.personalData,
      readStore: stores.readStore,
      ...(stores.auditTrail ? { auditTrail: stores.auditTrail } : {}),
      apiKeys,
      projectReadModels: !env.KAFKA_BROKERS,
      ...(env.MONGO_URL
        ? {}
        : { scrubReadStore: scrubSqliteFile(storeFile(dataDir, STORE_FILES.readModels)) }),
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
          .map((allowed) => allowed.trim())
          .filter((allowed) => allowed !== ""),
      },
      logger,
      ...(poolIdleDays === undefined ? {} : { pool: { idleDays: poolIdleDays } }),
      ...(env.CRM_IDEMPOTENCY_CLAIM_TIMEOUT_MS
        ? { idempotencyClaimTimeoutMs: Number(env.CRM_IDEMPOTENCY_CLAIM_TIMEOUT_MS) }
        : {}),
      ...(dataDirLock ? { onClosed: dataDirLock.release } : {}),
    });
    const address = await listen(platform);
    return {
      platform,
      address,
      stores: stores.described,
      banner: banner(address, stores.described, env.CRM_API_KEYS ? null : { list: apiKeys, created }),
    };
  } catch (error) {
    if (platform) await platform.close().catch(() => undefined);
    else dataDirLock?.release();
    throw error;
  }
};

try {
  const { platform, address, stores, banner: startBanner } = await start();
  const shutdown = async (signal: string) => {
    logger.info(`${signal}: closing`);
    await platform.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  // Printed once a stop signal closes the platform cleanly: whoever reads "docs at" may stop it.
  process.stdout.write(startBanner);
  // The one structured start line, after the banner (never inside it): what log readers and the
  // process-level specs wait for.
  logger.info(
    { events: stores.eventStore, readModels: stores.readStore, kafka: env.KAFKA_BROKERS ?? null },
    `CRM platform listening on ${address}; API docs at ${address}/docs`,
  );
} catch (error) {
  const known = error instanceof StartupError;
  process.stderr.write(
    `crm: cannot start: ${known ? error.message : String((error as Error).message ?? error)}\n`,
  );
  // A fault of ours keeps its stack for whoever debugs it, behind LOG_LEVEL=debug.
  if (!known && logger.isLevelEnabled("debug")) logger.debug({ err: error }, "start-up failed");
  process.exit(1);
}
