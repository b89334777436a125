export * from "./documentQuery.ts";
export * from "./everyMatch.ts";
export * from "./readStore.ts";
