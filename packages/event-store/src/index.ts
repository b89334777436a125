export * from "./errors.ts";
export type * from "./eventStore.ts";
export type * from "./checkpoints.ts";
