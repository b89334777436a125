import { CUSTOMER_EVENT_TYPES, type CustomerEventType } from "@crm/domain";
import { WebhookRefusedError, type Webhooks } from "@crm/webhooks";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ApiError } from "../apiError.ts";
import { acceptJsonBodiesOnly, securedRoute } from "./schemas.ts";

// Contract section 11: webhook subscribers (admin). Each delivery is one customer event in
// the topic's shape, signed per Standard Webhooks; failures are listed, and a subscriber
// can be sent everything again from a position.

const eventTypes = CUSTOMER_EVENT_TYPES as [CustomerEventType, ...CustomerEventType[]];

/** Standard Webhooks secrets: `whsec_` and the base64 of a 24 to 64 byte key. */
const secret = z.string().regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, {
  message: "must be whsec_ followed by the base64 of a 24 to 64 byte key",
});

const registration = z.strictObject({
  url: z.string().max(2_000).url({ message: "must be an absolute http or https URL" }),
  types: z.array(z.enum(eventTypes)).min(1).max(eventTypes.length).optional(),
  secret: secret.optional(),
});
const webhookParams = z.strictObject({
  id: z.uuid({ message: "must be a webhook id (UUID)" }).toLowerCase(),
});
const position = z
  .string()
  .regex(/^\d{1,20}$/, { message: "must be an event position (a non-negative integer)" })
  .refine((value) => !/^\d+$/.test(value) || BigInt(value) < 2n ** 64n, {
    message: "must be an event position below 2^64",
  });
const replayBody = z.strictObject({ from: position });

const notFound = (id: string) => new ApiError(404, "not_found", `no webhook ${id}`);

export const webhookRoutes: FastifyPluginAsyncZod<{ webhooks: Webhooks }> = async (app, { webhooks }) => {
  acceptJsonBodiesOnly(app);
  const config = { right: "manageWebhooks" as const };

  app.post(
    "/webhooks",
    {
      config,
      schema: {
        ...securedRoute,
        tags: ["webhooks"],
        summary: "Register a webhook subscriber (its secret is shown in this answer only)",
        description:
          "Deliveries are signed per Standard Webhooks (webhook-id = eventId, webhook-timestamp, webhook-signature). Without `secret`, one is generated. Without `types`, every customer event is sent.",
        body: registration,
      },
    },
    async (request, reply) => {
      try {
        const registered = await webhooks.register({
          url: request.body.url,
          types: request.body.types ?? null,
          secret: request.body.secret,
          actorId: request.actor.id,
        });
        return reply.code(201).send(registered);
      } catch (error) {
        if (!(error instanceof WebhookRefusedError)) throw error;
        throw new ApiError(400, "validation_failed", `${error.field} ${error.message}`, [
          { path: error.field, in: "body", message: error.message },
        ]);
      }
    },
  );

  app.get(
    "/webhooks",
    { config, schema: { ...securedRoute, tags: ["webhooks"], summary: "The webhook subscribers" } },
    async () => ({ items: await webhooks.list() }),
  );

  app.get(
    "/webhooks/:id/deliveries",
    {
      config,
      schema: {
        ...securedRoute,
        tags: ["webhooks"],
        summary: "How far a subscriber's deliveries got, and its latest failed attempts (newest first)",
        params: webhookParams,
      },
    },
    async (request) => {
      const deliveries = await webhooks.deliveries(request.params.id);
      if (!deliveries) throw notFound(request.params.id);
      return deliveries;
    },
  );

  app.post(
    "/webhooks/:id/replay",
    {
      config,
      schema: {
        ...securedRoute,
        tags: ["webhooks"],
        summary: "Send a subscriber every event again from a position (inclusive), in order",
        params: webhookParams,
        body: replayBody,
      },
    },
    async (request, reply) => {
      if (!(await webhooks.replay(request.params.id, BigInt(request.body.from))))
        throw notFound(request.params.id);
      return reply.code(202).send({ webhookId: request.params.id, from: request.body.from });
    },
  );
};
