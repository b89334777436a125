export * from "./groupProgress.ts";
export * from "./killRepeatedly.ts";
export * from "./otlpReceiver.ts";
export * from "./readModelVersusReplay.ts";
export * from "./serviceProcess.ts";
