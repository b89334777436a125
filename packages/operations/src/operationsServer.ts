import Fastify, { type FastifyBaseLogger } from "fastify";
import type { Registry } from "prom-client";
import { healthRoutes } from "./healthRoutes.ts";
import { metricsRoute } from "./metricsRoute.ts";
import type { BackingStoreCheck } from "./readiness.ts";

/** A pino logger (what fastify takes as its logger instance). */
export type OperationsLogger = FastifyBaseLogger;

/**
 * The health and metrics endpoints of a process without an API of its own (the relay, the
 * projector), on OPERATIONS_PORT. The same routes the API process serves beside its API.
 */
export const startOperationsServer = async (options: {
  port: number;
  host?: string;
  stores: readonly BackingStoreCheck[];
  registry: Registry;
  logger?: OperationsLogger;
}) => {
  const app = Fastify(options.logger ? { loggerInstance: options.logger } : { logger: false });
  await app.register(healthRoutes, { stores: options.stores });
  await app.register(metricsRoute, { registry: options.registry });
  const address = await app.listen({ port: options.port, host: options.host ?? "0.0.0.0" });
  return { address, close: () => app.close() };
};
