import type { FastifyInstance, FastifySchema } from "fastify";
import fp from "fastify-plugin";
import type { Registry } from "prom-client";

/** Not in the API's OpenAPI document: operators and probes call these, not API clients. */
const HIDDEN = { schema: { hide: true } as FastifySchema };

/** Contract section 12: GET /metrics in the Prometheus text format, no key needed (scrapers hold none). */
export const metricsRoute = fp(
  async (app: FastifyInstance, options: { registry: Registry }) => {
    app.get("/metrics", HIDDEN, async (_request, reply) =>
      reply.type(options.registry.contentType).send(await options.registry.metrics()),
    );
  },
  { name: "metrics-route" },
);
