import type { CustomerMerge, DuplicateDismissal, IdempotencyKeys, ProfileUpdate } from "@crm/customers";
import { dismissDuplicateBody, mergeCustomerBody, updateProfileBody } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { DUPLICATE_REASONS, decodePairCursor } from "@crm/read-models";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { answerFromEvents } from "../answerFromEvents.ts";
import { ApiError } from "../apiError.ts";
import { respondToCommand } from "../commandResponder.ts";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { acceptJsonBodiesOnly, customerParams, revisionReply, securedRoute } from "./schemas.ts";

// Contract 9.1 (profile changes) and 9.2 (merges and the duplicate review queue).

const duplicatesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

const duplicatePair = z.object({
  customerId: z.uuid(),
  candidateId: z.uuid(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
});

export const profileAndMergeRoutes: FastifyPluginAsyncZod<{
  updateProfile: ProfileUpdate;
  merge: CustomerMerge["merge"];
  dismiss: DuplicateDismissal;
  idempotency: IdempotencyKeys;
  readModels: ReadModelAccess;
  eventStore: EventStore;
}> = async (app, { updateProfile, merge, dismiss, idempotency, readModels, eventStore }) => {
  // Under an Idempotency-Key, a retry after a crash answers from the events the first attempt
  // appended to the customer it addressed (the survivor of a merge, the first of a dismissed pair).
  const recover = answerFromEvents(eventStore, 200);
  acceptJsonBodiesOnly(app);

  app.patch(
    "/customers/:id",
    {
      config: { right: "updateProfile" },
      schema: {
        ...securedRoute,
        tags: ["commands"],
        summary: "Correct the profile: only changed fields are recorded, null clears one (not the name)",
        params: customerParams,
        body: updateProfileBody,
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, {
        name: "updateProfile",
        target: request.params.id,
        execute: async (context) => {
          const outcome = await updateProfile(request.params.id, request.body, context);
          return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
        },
        recover,
      }),
  );

  app.post(
    "/customers/:id/merge",
    {
      config: { right: "mergeCustomers" },
      schema: {
        ...securedRoute,
        tags: ["commands"],
        summary: "Merge a duplicate into this customer (the survivor)",
        params: customerParams,
        body: mergeCustomerBody,
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, {
        name: "mergeCustomer",
        target: request.params.id,
        execute: async (context) => {
          const outcome = await merge(request.params.id, request.body, context);
          return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
        },
        recover,
      }),
  );

  app.post(
    "/duplicates/dismiss",
    {
      config: { right: "dismissDuplicates" },
      schema: {
        ...securedRoute,
        tags: ["commands"],
        summary: "Take a suspected pair off the review queue: they are two customers",
        body: dismissDuplicateBody,
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, {
        name: "dismissDuplicate",
        target: request.body.customerId,
        execute: async (context) => {
          const outcome = await dismiss(request.body, context);
          return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
        },
        recover,
      }),
  );

  app.get(
    "/duplicates",
    {
      config: { right: "readDuplicates" },
      schema: {
        ...securedRoute,
        tags: ["customers"],
        summary: "The duplicate review queue: suspected pairs among customers not merged",
        querystring: duplicatesQuery,
        response: { 200: z.object({ items: z.array(duplicatePair), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const position = cursor === undefined ? undefined : decodePairCursor(cursor);
      if (position === null)
        throw new ApiError(400, "validation_failed", "the cursor is not one this API gave out", [
          { path: "cursor", in: "querystring", message: "is not a cursor from a previous page" },
        ]);
      return readModels.duplicatePairs({ limit, ...(cursor === undefined ? {} : { cursor }) });
    },
  );
};
