import { mkdirSync } from "node:fs";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { type AliasedReadStore, withCollectionAliases } from "@crm/read-models";
import type { ReadStore } from "@crm/read-store";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import type { StoreConfig } from "./storeConfig.ts";
import { STORE_FILES, type StoreFile, storeFile } from "./storeFiles.ts";

// Every process opens its stores here (the platform, the relay, the projector, the CLI), so
// any mix runs everywhere: EventStoreDB with SQLite read models, SQLite events with MongoDB
// read models, all embedded. The server adapters are imported when their URL asks for them
// (their clients are large), by literal names, so tsc checks those imports too.

/**
 * The event store. `pollIntervalMs`: how soon a process that reads a SQLite file another
 * process writes (the relay, the CLI beside a running platform) sees its commits.
 */
export const openEventStore = async (
  config: StoreConfig,
  options: { pollIntervalMs?: number } = {},
): Promise<EventStore> => {
  if (config.eventStoreUrl !== undefined) {
    const { openEventStoreDbStore } = await import("@crm/event-store-esdb");
    return openEventStoreDbStore({ connectionString: config.eventStoreUrl });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteEventStore({ path: storeFile(config.dataDir, STORE_FILES.events), ...options });
};

/** The read store behind the collection aliases (so a blue/green rebuild's switch is followed). */
export const openReadStore = async (
  config: StoreConfig,
  options: { file?: StoreFile } = {},
): Promise<AliasedReadStore> => {
  let store: ReadStore;
  if (config.mongoUrl !== undefined) {
    const { openMongoReadStore } = await import("@crm/read-store-mongodb");
    store = await openMongoReadStore({ url: config.mongoUrl, database: config.mongoDatabase ?? "crm" });
  } else
    store = openSqliteReadStore({ path: storeFile(config.dataDir, options.file ?? STORE_FILES.readModels) });
  return withCollectionAliases(store);
};

export type Stores = {
  eventStore: EventStore;
  readStore: AliasedReadStore;
  /** What was chosen, for the start-up log. */
  described: { eventStore: string; readStore: string };
  /** Whether the data folder holds any of the stores (and so needs the one-process lock). */
  usesDataDir: boolean;
  close(): Promise<void>;
};

export const openStores = async (config: StoreConfig): Promise<Stores> => {
  const eventStore = await openEventStore(config);
  const readStore = await openReadStore(config).catch(async (error: unknown) => {
    await eventStore.close();
    throw error;
  });
  return {
    eventStore,
    readStore,
    described: {
      eventStore: config.eventStoreUrl ? "EventStoreDB" : `SQLite in ${config.dataDir}`,
      readStore: config.mongoUrl ? "MongoDB" : `SQLite in ${config.dataDir}`,
    },
    usesDataDir: !config.eventStoreUrl || !config.mongoUrl,
    close: async () => {
      await eventStore.close();
      await readStore.close();
    },
  };
};
