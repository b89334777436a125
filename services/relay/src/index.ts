export * from "./eventBatches.ts";
export * from "./relay.ts";
