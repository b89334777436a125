import { join } from "node:path";
import type { ApiKey } from "@crm/api";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import {
  KEY_STORE_FILE,
  loadOrCreateMasterKey,
  loadOrCreateSigningKey,
  MASTER_KEY_FILE,
  openSqliteKeyStore,
  SIGNING_KEY_FILE,
} from "@crm/trust";
import type { FastifyBaseLogger } from "fastify";
import { lockDataDir } from "./dataDirLock.ts";
import { type PlatformOptions, startPlatform } from "./platform.ts";
import { scrubSqliteFile } from "./scrubSqliteFile.ts";

export { READ_MODEL_PROJECTIONS, READ_MODEL_PROJECTOR } from "@crm/read-models";

/** Contract 10.1 in a data folder: its key store, and the master key (CRM_MASTER_KEY, else the folder's file). */
export const personalDataKeysIn = (dataDir: string) => ({
  keys: openSqliteKeyStore({ path: join(dataDir, KEY_STORE_FILE) }),
  masterKey: loadOrCreateMasterKey(process.env.CRM_MASTER_KEY, join(dataDir, MASTER_KEY_FILE)),
});

export type EmbeddedPlatformOptions = {
  dataDir: string;
  apiKeys: ApiKey[];
  logger?: FastifyBaseLogger;
  clock?: () => Date;
  pool?: PlatformOptions["pool"];
};

/**
 * The whole platform in one process: the event store and the read side are
 * SQLite files in dataDir; projections and reactors run in-process on the
 * store's subscription, each resuming from its checkpoint after a restart.
 */
export const startEmbeddedPlatform = async (options: EmbeddedPlatformOptions) => {
  const dataDirLock = lockDataDir(options.dataDir);
  return startPlatform({
    eventStore: openSqliteEventStore({ path: join(options.dataDir, "events.sqlite") }),
    readStore: await withCollectionAliases(
      openSqliteReadStore({ path: join(options.dataDir, "read-models.sqlite") }),
    ),
    apiKeys: options.apiKeys,
    projectReadModels: true,
    signingKey: loadOrCreateSigningKey(join(options.dataDir, SIGNING_KEY_FILE)),
    personalData: personalDataKeysIn(options.dataDir),
    scrubReadStore: scrubSqliteFile(join(options.dataDir, "read-models.sqlite")),
    onClosed: dataDirLock.release,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.pool === undefined ? {} : { pool: options.pool }),
  });
};

export type EmbeddedPlatform = Awaited<ReturnType<typeof startEmbeddedPlatform>>;
