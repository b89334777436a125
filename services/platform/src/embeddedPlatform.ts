import type { ApiKey } from "@crm/api";
import { openStores } from "@crm/stores";
import type { FastifyBaseLogger } from "fastify";
import { lockDataDir } from "./dataDirLock.ts";
import { type PlatformOptions, startPlatform } from "./platform.ts";

export { READ_MODEL_PROJECTIONS, READ_MODEL_PROJECTOR } from "@crm/read-models";

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
  const { eventStore, readStore } = await openStores({ dataDir: options.dataDir });
  return startPlatform({
    eventStore,
    readStore,
    apiKeys: options.apiKeys,
    projectReadModels: true,
    onClosed: dataDirLock.release,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.pool === undefined ? {} : { pool: options.pool }),
  });
};

export type EmbeddedPlatform = Awaited<ReturnType<typeof startEmbeddedPlatform>>;
