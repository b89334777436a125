export * from "./readModelProjector.ts";
