export type * from "./checkpoints.ts";
export * from "./errors.ts";
export * from "./eventBatches.ts";
export type * from "./eventStore.ts";
export * from "./expectation.ts";
export * from "./inMemoryCheckpoints.ts";
export * from "./inMemoryEventStore.ts";
export * from "./inMemoryFollower.ts";
export * from "./subscriptionFailure.ts";
