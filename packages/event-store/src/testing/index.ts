export * from "./outages.ts";
