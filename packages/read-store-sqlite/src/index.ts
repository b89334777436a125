export * from "./openReadStoreDatabase.ts";
export * from "./sqliteCheckpointStore.ts";
