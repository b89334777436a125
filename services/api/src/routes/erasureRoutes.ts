import type { IdempotencyKeys } from "@crm/customers";
import { eraseCustomerBody } from "@crm/domain";
import type { PersonalDataErasure } from "@crm/trust";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ApiError } from "../apiError.ts";
import { commandContext, respondToCommand } from "../commandResponder.ts";
import { acceptJsonBodiesOnly, customerParams, revisionReply, securedRoute } from "./schemas.ts";

// Contract 10.1: POST /customers/{id}/erasure (admin). The customer's data key is destroyed and
// PersonalDataErased recorded; its personal fields read as erased everywhere from then on.

export const erasureRoutes: FastifyPluginAsyncZod<{
  erasure: PersonalDataErasure | undefined;
  idempotency: IdempotencyKeys;
}> = async (app, { erasure, idempotency }) => {
  acceptJsonBodiesOnly(app);
  app.post(
    "/customers/:id/erasure",
    {
      config: { right: "eraseCustomer" },
      schema: {
        ...securedRoute,
        tags: ["commands"],
        summary: "Erase the customer's personal data for good (crypto-shredding); history still verifies",
        description:
          "Destroys the customer's data key and records PersonalDataErased {reason}. Names then read `[erased]`, other personal fields null; figures, stages, dates and actors stay. A second erasure, and every later command, is 422 erased.",
        params: customerParams,
        body: eraseCustomerBody,
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        if (!erasure) throw new ApiError(503, "unavailable", "this process keeps no personal-data keys");
        const context = commandContext(request, "eraseCustomer");
        return { status: 200, body: await erasure.erase(request.params.id, request.body, context) };
      }),
  );
};
