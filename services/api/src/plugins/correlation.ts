import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

declare module "fastify" {
  interface FastifyRequest {
    correlationId: string;
  }
}

const MAX_LENGTH = 200;
/** What may stand in a header value (visible ASCII, space, obs-text): anything else cannot be echoed. */
const HEADER_SAFE = /^[\x20-\x7e\x80-\xff]+$/;

/** Every request carries a correlation id (the client's X-Correlation-Id, else a new one) and echoes it. */
export const correlation = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest("correlationId", "");
    app.addHook("onRequest", async (request, reply) => {
      const given = request.headers["x-correlation-id"];
      const trimmed = typeof given === "string" ? given.trim().slice(0, MAX_LENGTH) : "";
      const value = HEADER_SAFE.test(trimmed) ? trimmed : randomUUID();
      request.correlationId = value;
      // Every log line of the request names it, so one request's lines are found together.
      request.log = request.log.child({ correlationId: value });
      reply.log = request.log;
      reply.header("x-correlation-id", value);
    });
  },
  { name: "correlation" },
);
