export * from "./relay.ts";
