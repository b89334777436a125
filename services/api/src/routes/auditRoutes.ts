import { verifyCustomerChain } from "@crm/customers";
import { CUSTOMER_EVENT_TYPES, type CustomerEventType, queryText } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { auditTrail, InvalidAuditCursorError } from "@crm/read-models";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ApiError } from "../apiError.ts";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { customerParams, securedRoute } from "./schemas.ts";

// Contract section 4: the audit trail across all customers (a read model) and the
// tamper check of one customer's stream (recomputed from the event store).

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" });
const eventTypes = CUSTOMER_EVENT_TYPES as [CustomerEventType, ...CustomerEventType[]];

const auditQuery = z
  .strictObject({
    actorId: queryText(200).optional(),
    customerId: z.uuid({ message: "must be a customer id (UUID)" }).optional(),
    type: z.enum(eventTypes).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .refine(
    (query) =>
      query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to),
    {
      message: "from must be before to",
      path: ["to"],
    },
  );

const verifyReply = z.object({ valid: z.boolean(), events: z.int(), brokenAt: z.int().optional() });

export const auditRoutes: FastifyPluginAsyncZod<{
  eventStore: EventStore;
  readModels: ReadModelAccess;
}> = async (app, { eventStore, readModels }) => {
  app.get(
    "/audit",
    {
      config: { right: "readAudit" },
      schema: {
        ...securedRoute,
        tags: ["audit"],
        summary: "Events across all customers, newest recorded first, with who did them",
        description: "`from` (inclusive) and `to` (exclusive) filter recordedAt. Page with `nextCursor`.",
        querystring: auditQuery,
      },
    },
    async (request) => {
      await readModels.settle();
      try {
        return await auditTrail(readModels.auditTrail, request.query);
      } catch (error) {
        if (!(error instanceof InvalidAuditCursorError)) throw error;
        throw new ApiError(400, "validation_failed", error.message, [
          { path: "cursor", in: "querystring", message: "is not a cursor from a previous page" },
        ]);
      }
    },
  );

  app.get(
    "/customers/:id/verify",
    {
      config: { right: "verifyCustomer" },
      schema: {
        ...securedRoute,
        tags: ["audit"],
        summary: "Recompute the customer's hash chain; brokenAt is the first revision that does not hold",
        params: customerParams,
        response: { 200: verifyReply },
      },
    },
    (request) => verifyCustomerChain(eventStore, request.params.id),
  );
};
