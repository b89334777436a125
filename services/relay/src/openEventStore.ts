import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";

// Held in a string, so the EventStoreDB adapter (and its gRPC client) is loaded only when
// EVENTSTORE_URL asks for it: a relay on the embedded SQLite store never needs it.
const EVENTSTORE_DB_ADAPTER: string = "@crm/event-store-esdb";

type EventStoreDbAdapter = { openEventStoreDbStore(options: { connectionString: string }): EventStore };

/**
 * The relay reads the SQLite store that the platform writes, from another process: it sees
 * the platform's commits by polling, so the poll interval is the relay's added latency.
 */
const SQLITE_POLL_MS = 200;

export const openEventStore = async (config: { eventStoreUrl: string | undefined; dataDir: string }) => {
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
