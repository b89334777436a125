export * from "./eventStoreAuditTrail.ts";
export * from "./openPersonalDataKeys.ts";
export * from "./openStores.ts";
export * from "./storeConfig.ts";
export * from "./storeFiles.ts";
