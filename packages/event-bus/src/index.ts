export * from "./customerEventBus.ts";
export * from "./handleUntilDone.ts";
export * from "./inProcessCustomerEventBus.ts";
export * from "./retryBackoff.ts";
