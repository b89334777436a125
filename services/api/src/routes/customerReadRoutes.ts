import { readCustomer, readCustomerHistory } from "@crm/customers";
import type { EventStore } from "@crm/event-store";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { recordAccess } from "../accessRecording.ts";
import { customerParams, securedRoute } from "./schemas.ts";

/** asOf cuts business time, knownAt system time; both default to now. */
export const timeCutQuery = z.strictObject({
  asOf: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).optional(),
  knownAt: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).optional(),
});

export const customerReadRoutes: FastifyPluginAsyncZod<{ eventStore: EventStore }> = async (
  app,
  { eventStore },
) => {
  app.get(
    "/customers/:id",
    {
      config: { right: "readCustomer" },
      schema: {
        ...securedRoute,
        tags: ["customers"],
        summary: "A customer's state, now or as of a business time / as known at a system time",
        params: customerParams,
        querystring: timeCutQuery,
      },
    },
    (request) => readCustomer(eventStore, request.params.id, request.query),
  );

  app.get(
    "/customers/:id/history",
    {
      config: { right: "readHistory" },
      schema: {
        ...securedRoute,
        tags: ["audit"],
        summary: "Every event of a customer, with who, when and in which request",
        params: customerParams,
        querystring: timeCutQuery,
      },
    },
    async (request) => {
      const history = await readCustomerHistory(eventStore, request.params.id, request.query);
      recordAccess(request, {
        what: "history",
        customerId: request.params.id,
        filters: request.query,
        rows: history.events.length,
      });
      return history;
    },
  );
};
