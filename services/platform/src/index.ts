export * from "./dataDirLock.ts";
export * from "./embeddedPlatform.ts";
export * from "./platform.ts";
