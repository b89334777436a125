export * from "./customerEventMessage.ts";
