export * from "./customerEventBus.ts";
export * from "./inProcessCustomerEventBus.ts";
