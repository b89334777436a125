import { join } from "node:path";
import type { EventStore } from "@crm/event-store";
import { openEventStoreDbStore } from "@crm/event-store-esdb";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { type AliasedReadStore, withCollectionAliases } from "@crm/read-models";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openSqliteReadStore } from "@crm/read-store-sqlite";

// Each backing store comes from the environment when configured, else its
// embedded SQLite counterpart in the data folder, so any mix runs: EventStoreDB
// with SQLite read models, SQLite events with MongoDB read models, all embedded.

export type StoreChoice = {
  eventStore: EventStore;
  readStore: AliasedReadStore;
  /** What was chosen, for the start-up log. */
  described: { eventStore: string; readStore: string };
  /** Whether the data folder holds any of the stores (and so needs the one-process lock). */
  usesDataDir: boolean;
};

/** Whether the data folder holds any of the stores (and so must exist, and needs the one-process lock). */
export const usesDataDir = (env: NodeJS.ProcessEnv): boolean => !env.EVENTSTORE_URL || !env.MONGO_URL;

export const storesFromEnvironment = async (
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<StoreChoice> => {
  const eventStoreUrl = env.EVENTSTORE_URL;
  const mongoUrl = env.MONGO_URL;
  const eventStore = eventStoreUrl
    ? openEventStoreDbStore({ connectionString: eventStoreUrl })
    : openSqliteEventStore({ path: join(dataDir, "events.sqlite") });
  const readStore = await withCollectionAliases(
    mongoUrl
      ? await openMongoReadStore({ url: mongoUrl, database: env.MONGO_DATABASE ?? "crm" })
      : openSqliteReadStore({ path: join(dataDir, "read-models.sqlite") }),
  );
  return {
    eventStore,
    readStore,
    described: {
      eventStore: eventStoreUrl ? "EventStoreDB" : `SQLite in ${dataDir}`,
      readStore: mongoUrl ? "MongoDB" : `SQLite in ${dataDir}`,
    },
    usesDataDir: usesDataDir(env),
  };
};
