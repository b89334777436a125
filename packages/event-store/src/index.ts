export type * from "./checkpoints.ts";
export * from "./errors.ts";
export * from "./eventBatches.ts";
export type * from "./eventStore.ts";
export * from "./subscriptionFailure.ts";
