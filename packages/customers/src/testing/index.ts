export * from "./commandSpecification.ts";
export * from "./salesDesk.ts";
