export * from "./groupProgress.ts";
export * from "./killRepeatedly.ts";
export * from "./readModelVersusReplay.ts";
export * from "./serviceProcess.ts";
