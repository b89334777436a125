import type { IdempotencyKeys, LeadRegistration } from "@crm/customers";
import { createLeadBody } from "@crm/domain";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { commandContext, respondToCommand } from "../commandResponder.ts";
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
      respondToCommand(idempotency, request, reply, async () => ({
        status: 201,
        body: await registerLead(request.body, commandContext(request, "createLead")),
      })),
  );
};
