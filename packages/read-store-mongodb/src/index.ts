export * from "./mongoReadStore.ts";
