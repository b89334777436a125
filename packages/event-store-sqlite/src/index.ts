// The events table's row, for the CLI's one in-place migration of an embedded store (crm encrypt-history).
export type { EventRow } from "./recordedEventRow.ts";
export { openSqliteEventStore, type SqliteEventStoreOptions } from "./sqliteEventStore.ts";
