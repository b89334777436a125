export * from "./access.ts";
export * from "./accessRecording.ts";
export * from "./apiKeys.ts";
export * from "./app.ts";
export * from "./readModelAccess.ts";
export * from "./trustAccess.ts";
