export * from "./documentQuery.ts";
export * from "./everyMatch.ts";
export * from "./foldBatchInto.ts";
export * from "./readStore.ts";
