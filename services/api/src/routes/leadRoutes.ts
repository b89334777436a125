import { randomUUID } from "node:crypto";
import type { IdempotencyKeys, LeadRegistration } from "@crm/customers";
import { createLeadBody } from "@crm/domain";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { respondToCommand } from "../commandResponder.ts";
import { acceptJsonBodiesOnly, securedRoute } from "./schemas.ts";

export const leadRoutes: FastifyPluginAsyncZod<{
  registerLead: LeadRegistration;
  idempotency: IdempotencyKeys;
}> = async (app, { registerLead, idempotency }) => {
  acceptJsonBodiesOnly(app);
  app.post(
    "/leads",
    {
      config: { right: "createLead" },
      schema: {
        ...securedRoute,
        tags: ["commands"],
        summary: "Create a lead (caught when the same customer is already on file)",
        body: createLeadBody,
        response: {
          201: z.object({ customerId: z.uuid(), revision: z.int(), possibleDuplicates: z.array(z.uuid()) }),
        },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, {
        name: "createLead",
        // Under an Idempotency-Key the new customer's id is chosen with the claim, so a retry after
        // a crash creates that same customer, or finds it created: a create repeated by id answers
        // as the first did. Never a second customer.
        target: request.body.customerId ?? randomUUID(),
        execute: async (context, assignedId) => ({
          status: 201,
          body: await registerLead(request.body, context, assignedId),
        }),
      }),
  );
};
