import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { errorResponse } from "../errorResponses.ts";

export const errorHandling = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => {
      const response = errorResponse(error);
      if (!response) {
        request.log.error({ err: error }, "request failed");
        return reply.code(500).send({ error: "internal_error", message: "an unexpected error occurred" });
      }
      if (response.status === 503) request.log.warn({ err: error }, "backing store unavailable");
      return reply
        .code(response.status)
        .headers(response.headers ?? {})
        .send(response.body);
    });
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ error: "not_found", message: `no route ${request.method} ${request.url}` }),
    );
  },
  { name: "error-handling" },
);
