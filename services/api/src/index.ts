export * from "./access.ts";
export * from "./accessRecording.ts";
export * from "./apiKeys.ts";
export * from "./app.ts";
export {
  EVENT_STREAM_DEFAULTS,
  type EventStreamSettings,
  streamCustomerEvents,
} from "./customerEventStream.ts";
export * from "./readModelAccess.ts";
export * from "./trustAccess.ts";
