import {
  type BackingStoreCheck,
  commandMetrics,
  healthRoutes,
  metricsRoute,
  processMetrics,
  requestTracing,
} from "@crm/operations";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Registry } from "prom-client";

/** What the API process shows operators (contract section 12). */
export type ApiOperations = {
  /** The process's metrics; the API adds the command counters and latencies to it. */
  registry: Registry;
  /** The stores /health/ready asks. */
  stores: readonly BackingStoreCheck[];
  /** Whether requests are traced (OTEL_EXPORTER_OTLP_ENDPOINT set): a server span per request. */
  tracing?: boolean;
};

/** A command is a request that may write: its route's right names it (`createLead`, `advanceStage`, ...). */
const commandOf = (request: FastifyRequest): string | undefined =>
  request.method === "GET" || request.method === "HEAD" ? undefined : request.routeOptions.config.right;

/** /health/live, /health/ready and /metrics beside the API, and the command metrics they show. */
export const operations = fp(
  async (app: FastifyInstance, options: Partial<ApiOperations>) => {
    const registry = options.registry ?? processMetrics();
    if (options.tracing) await app.register(requestTracing);
    await app.register(commandMetrics, { registry, commandOf });
    await app.register(healthRoutes, { stores: options.stores ?? [] });
    await app.register(metricsRoute, { registry });
  },
  { name: "operations", dependencies: ["authentication"] },
);
