export * from "./customerTraffic.ts";
export * from "./topicRecords.ts";
