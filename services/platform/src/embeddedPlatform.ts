import { join } from "node:path";
import type { ApiKey } from "@crm/api";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
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
  return startPlatform({
    eventStore: openSqliteEventStore({ path: join(options.dataDir, "events.sqlite") }),
    readStore: await withCollectionAliases(
      openSqliteReadStore({ path: join(options.dataDir, "read-models.sqlite") }),
    ),
    apiKeys: options.apiKeys,
    projectReadModels: true,
    onClosed: dataDirLock.release,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.pool === undefined ? {} : { pool: options.pool }),
  });
};

export type EmbeddedPlatform = Awaited<ReturnType<typeof startEmbeddedPlatform>>;
