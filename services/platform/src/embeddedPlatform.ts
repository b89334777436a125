import type { ApiKey } from "@crm/api";
import { KEY_FILES, keyFile, openStores, STORE_FILES, storeFile } from "@crm/stores";
import { loadOrCreateSigningKey } from "@crm/trust";
import type { FastifyBaseLogger } from "fastify";
import { lockDataDir } from "./dataDirLock.ts";
import { type PlatformOptions, startPlatform } from "./platform.ts";
import { scrubSqliteFile } from "./scrubSqliteFile.ts";

export {
  READ_MODEL_PROJECTIONS,
  READ_MODEL_PROJECTOR,
  readModelCheckpointName,
  readModelProjections,
} from "@crm/read-models";

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
  // Contract 10.1: the master key from CRM_MASTER_KEY, else the folder's file.
  const stores = await openStores({
    dataDir: options.dataDir,
    masterKey: process.env.CRM_MASTER_KEY || undefined,
  });
  return startPlatform({
    // The platform protects personal data itself (it also seals, erases and anchors the stored form).
    eventStore: stores.storedEvents,
    personalData: stores.personalData,
    readStore: stores.readStore,
    ...(stores.auditTrail ? { auditTrail: stores.auditTrail } : {}),
    apiKeys: options.apiKeys,
    projectReadModels: true,
    signingKey: loadOrCreateSigningKey(keyFile(options.dataDir, KEY_FILES.signingKey)),
    scrubReadStore: scrubSqliteFile(storeFile(options.dataDir, STORE_FILES.readModels)),
    onClosed: dataDirLock.release,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.pool === undefined ? {} : { pool: options.pool }),
  });
};

export type EmbeddedPlatform = Awaited<ReturnType<typeof startEmbeddedPlatform>>;
