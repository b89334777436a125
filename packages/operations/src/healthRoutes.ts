import type { FastifyInstance, FastifySchema } from "fastify";
import fp from "fastify-plugin";
import { type BackingStoreCheck, checkReadiness } from "./readiness.ts";

/** Not in the API's OpenAPI document: operators and probes call these, not API clients. */
const HIDDEN = { schema: { hide: true } as FastifySchema };

// Contract section 12, no key needed: /health/live says the process runs (a restart is the
// cure when it does not answer), /health/ready says it can serve (take it out of the load
// balancer while a store it needs is away; it comes back by itself).

/** Seconds a client should wait before asking again, as for every 503 of the API. */
const RETRY_AFTER_SECONDS = "5";

export const healthRoutes = fp(
  async (app: FastifyInstance, options: { stores: readonly BackingStoreCheck[] }) => {
    app.get("/health/live", HIDDEN, async () => ({ status: "live" }));
    app.get("/health/ready", HIDDEN, async (_request, reply) => {
      const { ready, stores } = await checkReadiness(options.stores);
      if (ready) return { status: "ready", stores };
      const failing = Object.entries(stores).filter(([, answer]) => answer !== "up");
      return reply
        .code(503)
        .header("retry-after", RETRY_AFTER_SECONDS)
        .send({
          error: "unavailable",
          message: `not ready: ${failing.map(([name, why]) => `${name} (${why})`).join(", ")}`,
          details: failing.map(([store, reason]) => ({ store, reason })),
        });
    });
  },
  { name: "health-routes" },
);
