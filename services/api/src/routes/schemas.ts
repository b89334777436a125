import type { FastifyInstance } from "fastify";
import { z } from "zod";

// UUIDs are case-insensitive: /customers/ABC… and /customers/abc… are one customer (stored lower case).
export const customerParams = z.strictObject({
  id: z.uuid({ message: "must be a customer id (UUID)" }).toLowerCase(),
});
export const complaintParams = customerParams.extend({
  complaintId: z.uuid({ message: "must be a complaint id (UUID)" }).toLowerCase(),
});

// Contract 9.4
export const followUpParams = customerParams.extend({
  followUpId: z.uuid({ message: "must be a follow-up id (UUID)" }).toLowerCase(),
});

export const revisionReply = z.object({ customerId: z.uuid(), revision: z.int() });

export const errorReply = z.object({
  error: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});

/** Documented on every route that needs an API key. */
export const securedRoute = { security: [{ apiKey: [] }] };

/**
 * Commands are JSON only (contract section 8: anything else is 415). Fastify also parses
 * text/plain by default, which would turn a text body into a misleading 400.
 */
export const acceptJsonBodiesOnly = (app: FastifyInstance) => app.removeContentTypeParser("text/plain");
