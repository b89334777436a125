export * from "./openReadStoreDatabase.ts";
export * from "./sqliteCheckpointStore.ts";
// Which declared index a query names (INDEXED BY): owners of read models check their query shapes with it.
export { indexName, indexServing, type NamedIndex } from "./sqliteQuery.ts";
export * from "./sqliteReadStore.ts";
