import { randomUUID } from "node:crypto";
import type { CustomerCommandRunner, IdempotencyKeys } from "@crm/customers";
import {
  acknowledgeComplaintBody,
  advanceStageBody,
  assignOwnerBody,
  type CustomerCommand,
  claimCustomerBody,
  completeFollowUpBody,
  fileComplaintBody,
  logInteractionBody,
  recordConsentBody,
  recordPurchaseBody,
  releaseCustomerBody,
  resolveComplaintBody,
  scheduleFollowUpBody,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Right, Role } from "../access.ts";
import { answerFromEvents } from "../answerFromEvents.ts";
import { respondToCommand } from "../commandResponder.ts";
import { commandRouteOptions } from "./commandRoute.ts";
import {
  acceptJsonBodiesOnly,
  complaintParams,
  customerParams,
  followUpParams,
  revisionReply,
} from "./schemas.ts";

type Timeless<T> = T extends unknown ? Omit<T, "occurredAt"> : never;

/**
 * One command on an existing customer: its route, and how a request becomes the
 * decider's command. Ids the server generates (interactionId, complaintId) are
 * echoed in the reply.
 */
type CommandRoute<P extends z.ZodType, B extends z.ZodType> = {
  method: "POST" | "PUT";
  url: string;
  right: Right;
  summary: string;
  params: P;
  body: B;
  status: 200 | 201;
  generatedId?: "interactionId" | "complaintId" | "followUpId";
  command: (
    params: z.output<P>,
    body: Omit<z.output<B>, "occurredAt">,
    generatedId: string,
    actor: { id: string; role: Role },
  ) => Timeless<CustomerCommand>;
};

const route = <P extends z.ZodType, B extends z.ZodType>(definition: CommandRoute<P, B>) => definition;

/** Contract section 2: every command on an existing customer. */
const COMMAND_ROUTES = [
  route({
    method: "POST",
    url: "/customers/:id/stage",
    right: "advanceStage",
    summary: "Advance the sales stage (win, lose, reopen)",
    params: customerParams,
    body: advanceStageBody,
    status: 200,
    command: (_params, body) => ({ type: "AdvanceStage", ...body }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/interactions",
    right: "logInteraction",
    summary: "Log a call, email, meeting or other interaction (may be back-dated)",
    params: customerParams,
    body: logInteractionBody,
    status: 201,
    generatedId: "interactionId",
    command: (_params, body, interactionId) => ({ type: "LogInteraction", ...body, interactionId }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/complaints",
    right: "fileComplaint",
    summary: "File a complaint",
    params: customerParams,
    body: fileComplaintBody,
    status: 201,
    generatedId: "complaintId",
    command: (_params, body, complaintId) => ({ type: "FileComplaint", ...body, complaintId }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/complaints/:complaintId/acknowledge",
    right: "acknowledgeComplaint",
    summary: "Acknowledge a complaint (and say whether we apologized)",
    params: complaintParams,
    // Every field is optional, so an acknowledgement may come with no body at all (fastify hands
    // that over as null, which a zod default, meant for undefined, does not cover).
    body: z.preprocess((body) => body ?? {}, acknowledgeComplaintBody),
    status: 200,
    command: (params, body) => ({ type: "AcknowledgeComplaint", ...body, complaintId: params.complaintId }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/complaints/:complaintId/resolve",
    right: "resolveComplaint",
    summary: "Resolve an acknowledged complaint: the amends and what prevents it next time",
    params: complaintParams,
    body: resolveComplaintBody,
    status: 200,
    command: (params, body) => ({ type: "ResolveComplaint", ...body, complaintId: params.complaintId }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/purchases",
    right: "recordPurchase",
    summary: "Record a purchase by a won customer",
    params: customerParams,
    body: recordPurchaseBody,
    status: 201,
    command: (_params, body) => ({ type: "RecordPurchase", ...body }),
  }),
  route({
    method: "PUT",
    url: "/customers/:id/owner",
    right: "assignOwner",
    summary: "Assign an owner, or release the customer to the pool with null",
    params: customerParams,
    body: assignOwnerBody,
    status: 200,
    // Contract 9.3 (change to section 7): sales hands over only its own customers or pool ones.
    command: (_params, body, _id, actor) => ({
      type: "AssignOwner",
      ...body,
      requestedBy: { actorId: actor.id, mayReassignAny: actor.role === "admin" },
    }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/consents",
    right: "recordConsent",
    summary:
      "Record a consent decision for a purpose (contract 10.2); the customer shows the latest per purpose",
    params: customerParams,
    body: recordConsentBody,
    status: 201,
    command: (_params, body) => ({ type: "RecordConsent", ...body }),
  }),
  // Contract 9.3 (the shared pool)
  route({
    method: "POST",
    url: "/customers/:id/claim",
    right: "claimCustomer",
    summary: "Take a customer from the pool: the caller becomes its owner (409 already_owned if it has one)",
    params: customerParams,
    body: claimCustomerBody,
    status: 200,
    command: (_params, _body, _id, actor) => ({ type: "ClaimCustomer", claimantId: actor.id }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/release",
    right: "releaseCustomer",
    summary: "Give a customer back to the pool (its owner, or admin)",
    params: customerParams,
    body: releaseCustomerBody,
    status: 200,
    command: (_params, body, _id, actor) => ({
      type: "ReleaseCustomer",
      note: body.note ?? null,
      requestedBy: { actorId: actor.id, mayReassignAny: actor.role === "admin" },
    }),
  }),
  // Contract 9.4 (follow-ups)
  route({
    method: "POST",
    url: "/customers/:id/follow-ups",
    right: "scheduleFollowUp",
    summary: "Book a follow-up for the caller or a colleague of any department",
    params: customerParams,
    body: scheduleFollowUpBody,
    status: 201,
    generatedId: "followUpId",
    command: (_params, body, followUpId, actor) => ({
      type: "ScheduleFollowUp",
      followUpId,
      title: body.title,
      dueAt: new Date(body.dueAt).toISOString(),
      assigneeId: body.assigneeId ?? actor.id,
      note: body.note ?? null,
    }),
  }),
  route({
    method: "POST",
    url: "/customers/:id/follow-ups/:followUpId/complete",
    right: "completeFollowUp",
    summary: "Complete a follow-up (once)",
    params: followUpParams,
    body: completeFollowUpBody,
    status: 200,
    command: (params, body) => ({
      type: "CompleteFollowUp",
      followUpId: params.followUpId,
      outcome: body.outcome ?? null,
      note: body.note ?? null,
    }),
  }),
  // end 9.3 / 9.4
];

export const customerCommandRoutes: FastifyPluginAsyncZod<{
  runCommand: CustomerCommandRunner;
  idempotency: IdempotencyKeys;
  eventStore: EventStore;
  clock: () => Date;
}> = async (app, { runCommand, idempotency, eventStore, clock }) => {
  acceptJsonBodiesOnly(app);

  for (const definition of COMMAND_ROUTES as CommandRoute<z.ZodType, z.ZodType>[]) {
    const { generatedId } = definition;
    app.route({
      ...commandRouteOptions(definition, {
        [definition.status]: generatedId ? revisionReply.extend({ [generatedId]: z.uuid() }) : revisionReply,
      }),
      handler: (request, reply) => {
        const params = request.params as { id: string };
        return respondToCommand(idempotency, request, reply, {
          name: definition.right,
          target: params.id,
          execute: async (context) => {
            const { occurredAt, ...body } = request.body as { occurredAt?: string };
            const id = randomUUID();
            const outcome = await runCommand(
              params.id,
              () =>
                ({
                  ...definition.command(params, body, id, request.actor),
                  occurredAt: occurredAt ?? clock().toISOString(),
                }) as CustomerCommand,
              context,
            );
            const echoed = generatedId ? { [generatedId]: id } : {};
            return {
              status: definition.status,
              body: { customerId: outcome.customerId, revision: outcome.revision, ...echoed },
            };
          },
          // The answer the first attempt gave: its last event's revision and the id it generated.
          recover: answerFromEvents(eventStore, definition.status, generatedId),
        });
      },
    });
  }
};
