export * from "./contactCopies.ts";
export * from "./customerEventsConsumer.ts";
export * from "./handledEvents.ts";
export * from "./publishedContract.ts";
