import { readCustomerComplaints } from "@crm/customers";
import type { EventStore } from "@crm/event-store";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { timeCutQuery } from "./customerReadRoutes.ts";
import { customerParams, securedRoute } from "./schemas.ts";

/** A customer's complaints and how far each is handled (acknowledged, apologized, resolved, amends). */
export const complaintReadRoutes: FastifyPluginAsyncZod<{ eventStore: EventStore }> = async (
  app,
  { eventStore },
) => {
  app.get(
    "/customers/:id/complaints",
    {
      config: { right: "readCustomer" },
      schema: {
        ...securedRoute,
        tags: ["customers"],
        summary: "A customer's complaints with each handling step, newest filed first",
        params: customerParams,
        querystring: timeCutQuery,
      },
    },
    (request) => readCustomerComplaints(eventStore, request.params.id, request.query),
  );
};
