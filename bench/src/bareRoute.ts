import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";

// The yardstick: fastify parsing the same JSON commands and answering the same shapes,
// with no validation, authorisation, event store or projection behind it. The ratio of
// the platform's throughput to this one's is what the platform's work costs.

export const bareRoute = (): FastifyInstance => {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.post("/api/v1/leads", async (_request, reply) =>
    reply.code(201).send({ customerId: randomUUID(), revision: 0, possibleDuplicates: [] }),
  );
  const revision = (id: string) => ({ customerId: id, revision: 1 });
  app.post("/api/v1/customers/:id/*", async (request, reply) => {
    const { id } = request.params as { id: string };
    const created = /\/(interactions|complaints|purchases)$/.test(request.url);
    return reply.code(created ? 201 : 200).send(revision(id));
  });
  app.put("/api/v1/customers/:id/owner", async (request) => revision((request.params as { id: string }).id));
  return app;
};
