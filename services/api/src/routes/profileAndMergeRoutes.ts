import type {
  CommandContext,
  CustomerMerge,
  DuplicateDismissal,
  IdempotencyKeys,
  ProfileUpdate,
} from "@crm/customers";
import { dismissDuplicateBody, mergeCustomerBody, updateProfileBody } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { DUPLICATE_REASONS, decodePairCursor } from "@crm/read-models";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Right } from "../access.ts";
import { answerFromEvents } from "../answerFromEvents.ts";
import { ApiError } from "../apiError.ts";
import { respondToCommand } from "../commandResponder.ts";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { commandRouteOptions } from "./commandRoute.ts";
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

type Outcome = { customerId: string; revision: number };

/**
 * One command of 9.1 / 9.2: its route, and the use case that runs it. Each answers 200 with the
 * revision of the customer it addressed, which is also where a keyed retry finds its events.
 */
type ProfileOrMergeCommand<B extends z.ZodType> = {
  method: "PATCH" | "POST";
  url: string;
  right: Right;
  /** Recorded as the events' `command`. */
  commandName: string;
  summary: string;
  /** The customer in the path; without it, `addressed` names the customer from the body. */
  params?: typeof customerParams;
  body: B;
  addressed?: (body: z.output<B>) => string;
  run: (customerId: string, body: z.output<B>, context: CommandContext) => Promise<Outcome>;
};

const command = <B extends z.ZodType>(definition: ProfileOrMergeCommand<B>) => definition;

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

  const commands = [
    command({
      method: "PATCH",
      url: "/customers/:id",
      right: "updateProfile",
      commandName: "updateProfile",
      summary: "Correct the profile: only changed fields are recorded, null clears one (not the name)",
      params: customerParams,
      body: updateProfileBody,
      run: (customerId, body, context) => updateProfile(customerId, body, context),
    }),
    command({
      method: "POST",
      url: "/customers/:id/merge",
      right: "mergeCustomers",
      commandName: "mergeCustomer",
      summary: "Merge a duplicate into this customer (the survivor)",
      params: customerParams,
      body: mergeCustomerBody,
      run: (survivorId, body, context) => merge(survivorId, body, context),
    }),
    command({
      method: "POST",
      url: "/duplicates/dismiss",
      right: "dismissDuplicates",
      commandName: "dismissDuplicate",
      summary: "Take a suspected pair off the review queue: they are two customers",
      body: dismissDuplicateBody,
      addressed: (body) => body.customerId,
      run: (_customerId, body, context) => dismiss(body, context),
    }),
  ];

  for (const definition of commands as ProfileOrMergeCommand<z.ZodType>[])
    app.route({
      ...commandRouteOptions(definition, { 200: revisionReply }),
      handler: (request, reply) => {
        const customerId = definition.addressed
          ? definition.addressed(request.body)
          : (request.params as { id: string }).id;
        return respondToCommand(idempotency, request, reply, {
          name: definition.commandName,
          target: customerId,
          execute: async (context) => {
            const outcome = await definition.run(customerId, request.body, context);
            return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
          },
          recover,
        });
      },
    });

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
