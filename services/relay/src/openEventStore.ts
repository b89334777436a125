import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { openPersonalDataKeys, withPersonalDataProtection } from "@crm/trust";

// Held in a string, so the EventStoreDB adapter (and its gRPC client) is loaded only when
// EVENTSTORE_URL asks for it: a relay on the embedded SQLite store never needs it.
const EVENTSTORE_DB_ADAPTER: string = "@crm/event-store-esdb";

type EventStoreDbAdapter = { openEventStoreDbStore(options: { connectionString: string }): EventStore };

/**
 * The relay reads the SQLite store that the platform writes, from another process: it sees
 * the platform's commits by polling, so the poll interval is the relay's added latency.
 */
const SQLITE_POLL_MS = 200;

const openStoredEvents = async (config: { eventStoreUrl: string | undefined; dataDir: string }) => {
  if (config.eventStoreUrl !== undefined) {
    const adapter = (await import(EVENTSTORE_DB_ADAPTER)) as EventStoreDbAdapter;
    return adapter.openEventStoreDbStore({ connectionString: config.eventStoreUrl });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteEventStore({
    path: join(config.dataDir, "events.sqlite"),
    pollIntervalMs: SQLITE_POLL_MS,
  });
};

/**
 * Contract 10.1: the topic carries personal fields in the clear, decrypted with the platform's
 * keys (the same key store and CRM_MASTER_KEY as the API); a customer erased before its events
 * are published again (a replay) is published erased.
 */
export const openEventStore = async (config: {
  eventStoreUrl: string | undefined;
  dataDir: string;
  mongoUrl?: string | undefined;
  mongoDatabase?: string;
}): Promise<EventStore> => {
  const stored = await openStoredEvents(config);
  const personalData = openPersonalDataKeys(
    {
      CRM_MASTER_KEY: process.env.CRM_MASTER_KEY,
      MONGO_URL: config.mongoUrl,
      MONGO_DATABASE: config.mongoDatabase,
    },
    config.dataDir,
  );
  const { eventStore } = withPersonalDataProtection(stored, personalData);
  return {
    ...eventStore,
    close: async () => {
      await eventStore.close();
      await personalData.keys.close();
    },
  };
};
