export * from "./appendRandomHistory.ts";
export * from "./customerLife.ts";
export * from "./seededRandom.ts";
