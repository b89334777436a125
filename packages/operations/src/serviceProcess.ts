import { type Logger, pino } from "pino";
import { type Tracing, traceLogFields } from "./tracing.ts";

// What the services beside the platform (the relay, the projector) do alike as processes: log
// JSON lines that name the service and carry the trace of the work in hand, and stop cleanly on
// SIGTERM or SIGINT, so that an orchestrator's stop loses nothing and says how it went.

export const serviceLogger = (service: string, level: string): Logger =>
  pino({ level, base: { service, pid: process.pid }, mixin: traceLogFields });

/**
 * On the first SIGTERM or SIGINT, `stop` finishes the batch in hand and closes what the service
 * opened, then the traces still buffered are sent; the process exits 0 after logging that it
 * stopped (with `stoppedAt`'s fields), or 1 after logging why the stop failed. A second signal
 * while stopping changes nothing.
 */
export const stopOnSignals = (
  service: { name: string; logger: Logger; tracing: Tracing; stoppedAt?: () => object },
  stop: () => Promise<void>,
): void => {
  const { name, logger, tracing } = service;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing the batch in hand`);
    (async () => {
      await stop();
      await tracing.shutdown();
      logger.info(service.stoppedAt?.() ?? {}, `${name} stopped`);
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, `${name} did not stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
};
