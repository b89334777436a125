import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * One log line per request, once it is answered (fastify's own logging writes two: on arrival and
 * on completion). Refusals of ours are in the line's status; faults log their own error line.
 */
export const requestLog = fp(
  async (app: FastifyInstance) => {
    app.addHook("onResponse", async (request, reply) => {
      request.log.info(
        { status: reply.statusCode, ms: Math.round(reply.elapsedTime), correlationId: request.correlationId },
        `${request.method} ${request.url.split("?")[0]} ${reply.statusCode}`,
      );
    });
  },
  { name: "request-log", dependencies: ["correlation"] },
);
