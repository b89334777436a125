export * from "./embeddedPlatform.ts";
export * from "./dataDirLock.ts";
