import { type Logger, pino } from "pino";
import { traceLogFields } from "./tracing.ts";

// What the services beside the platform (the relay, the projector) do alike as processes: log
// JSON lines that name the service and carry the trace of the work in hand, and stop cleanly on
// SIGTERM or SIGINT, so that an orchestrator's stop loses nothing and says how it went.

export const serviceLogger = (service: string, level: string): Logger =>
  pino({ level, base: { service, pid: process.pid }, mixin: traceLogFields });

/**
 * On the first SIGTERM or SIGINT, `stop` finishes the batch in hand and closes what the service
 * opened; the process then exits 0, or 1 after logging why the stop failed. A second signal
 * while stopping changes nothing.
 */
export const stopOnSignals = (service: string, logger: Logger, stop: () => Promise<void>): void => {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing the batch in hand`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, `${service} did not stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
};
