export * from "./errors.ts";
export type * from "./eventStore.ts";
