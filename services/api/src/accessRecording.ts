import type { AccessKind, AccessLog } from "@crm/trust";
import type { FastifyInstance, FastifyRequest } from "fastify";

// Contract section 10.3: reads of personal data leave an access record. A route that serves
// such a read calls recordAccess once it has its answer (the timeline, history and export
// routes do); the record is buffered and written in batches, so the read never waits for it.

declare module "fastify" {
  interface FastifyInstance {
    accessLog: AccessLog | null;
  }
}

export const decorateAccessLog = (app: FastifyInstance, accessLog: AccessLog | undefined) =>
  app.decorate("accessLog", accessLog ?? null);

export const recordAccess = (
  request: FastifyRequest,
  entry: { what: AccessKind; customerId?: string; filters?: Record<string, unknown>; rows?: number },
): void => {
  // Only the query's own fields: nothing undefined, so the stored record says exactly what was asked.
  const filters =
    entry.filters &&
    Object.fromEntries(Object.entries(entry.filters).filter(([, value]) => value !== undefined));
  request.server.accessLog?.record({
    actor: request.actor,
    what: entry.what,
    ...(entry.customerId === undefined ? {} : { customerId: entry.customerId }),
    ...(filters === undefined ? {} : { filters }),
    ...(entry.rows === undefined ? {} : { rows: entry.rows }),
  });
};
