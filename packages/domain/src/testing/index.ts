export * from "./customerEvents.ts";
export * from "./deciderSpecification.ts";
