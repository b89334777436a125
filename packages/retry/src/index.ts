export { default as pRetry } from "p-retry";
export * from "./retryUntilDone.ts";
