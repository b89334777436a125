// The events table's row, for the CLI's one in-place migration of an embedded store (crm encrypt-history).

// The write-ahead log copied into the file off the event loop; the read store uses it too.
export { type BackgroundCheckpoints, checkpointInBackground } from "./backgroundCheckpoints.ts";
export type { EventRow } from "./recordedEventRow.ts";
export { openSqliteEventStore, type SqliteEventStoreOptions } from "./sqliteEventStore.ts";
