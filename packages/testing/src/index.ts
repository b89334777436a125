export * from "./appendRandomHistory.ts";
export * from "./nextCustomerCommand.ts";
export * from "./seededRandom.ts";
