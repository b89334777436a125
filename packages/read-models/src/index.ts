export * from "./auditTrail.ts";
export * from "./auditTrailProjection.ts";
export * from "./collectionAliases.ts";
// Contract 9.3, 9.4, 9.6
export * from "./customerActivityProjection.ts";
export * from "./customerExport.ts";
export * from "./customerFactsProjection.ts";
export * from "./customerFollowUps.ts";
export * from "./customerSearch.ts";
export * from "./customerSummary.ts";
export * from "./followUpWorkList.ts";
export * from "./poolWatch.ts";
export * from "./projectBatch.ts";
export * from "./projection.ts";
export * from "./projector.ts";
export * from "./readModelProjections.ts";
export * from "./rebuildReadModels.ts";
export * from "./viewQueries.ts";
