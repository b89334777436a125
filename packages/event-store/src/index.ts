export type * from "./checkpoints.ts";
export * from "./errors.ts";
export type * from "./eventStore.ts";
