export * from "./openReadStoreDatabase.ts";
export * from "./sqliteCheckpointStore.ts";
export * from "./sqliteReadStore.ts";
