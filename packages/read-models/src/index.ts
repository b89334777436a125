export * from "./customerExport.ts";
export * from "./customerFactsProjection.ts";
export * from "./customerSearch.ts";
export * from "./customerSummary.ts";
export * from "./projectBatch.ts";
export * from "./projection.ts";
export * from "./projector.ts";
export * from "./viewQueries.ts";
