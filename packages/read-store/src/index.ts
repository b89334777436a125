export * from "./readStore.ts";
