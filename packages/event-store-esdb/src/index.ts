export { type EventStoreDbOptions, openEventStoreDbStore } from "./esdbEventStore.ts";
