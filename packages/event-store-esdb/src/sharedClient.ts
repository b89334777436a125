import { EventStoreDBClient } from "@eventstore/db-client";

// Client 6.2.1 keeps the pending BatchAppend calls of every client in one module-level map
// (batchAppend.js's promiseBank): when one client's call stream fails or is disposed, it rejects
// the in-flight appends of every other client in the process. So a process keeps one client per
// server, shared by every store opened on it, and disposes it when the last store closes. (Fixed
// upstream in the successor, @kurrent/kurrentdb-client; see docs/eventstoredb-adapter.md.)
const clients = new Map<string, { client: EventStoreDBClient; holders: number }>();

export type ClientLease = { client: EventStoreDBClient; release(): Promise<void> };

export const leaseClient = (connectionString: string): ClientLease => {
  let entry = clients.get(connectionString);
  if (!entry) {
    entry = { client: EventStoreDBClient.connectionString(connectionString), holders: 0 };
    clients.set(connectionString, entry);
  }
  entry.holders += 1;
  const held = entry;
  let released = false;
  return {
    client: held.client,
    async release() {
      if (released) return;
      released = true;
      held.holders -= 1;
      if (held.holders > 0) return;
      clients.delete(connectionString);
      await held.client.dispose();
    },
  };
};
