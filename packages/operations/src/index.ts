export * from "./appendedEvents.ts";
export * from "./commandMetrics.ts";
export * from "./healthRoutes.ts";
export * from "./metricsRoute.ts";
export * from "./operationsServer.ts";
export * from "./processMetrics.ts";
export * from "./readiness.ts";
export * from "./subscriberProgress.ts";
