import { randomUUID } from "node:crypto";
import type { CustomerCommandRunner, IdempotencyKeys } from "@crm/customers";
import {
  acknowledgeComplaintBody,
  advanceStageBody,
  assignOwnerBody,
  fileComplaintBody,
  logInteractionBody,
  recordPurchaseBody,
  resolveComplaintBody,
} from "@crm/domain";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { commandContext, respondToCommand } from "../commandResponder.ts";
import {
  acceptJsonBodiesOnly,
  complaintParams,
  customerParams,
  revisionReply,
  securedRoute,
} from "./schemas.ts";

/** Contract section 2: every command on an existing customer, one route each. */
export const customerCommandRoutes: FastifyPluginAsyncZod<{
  runCommand: CustomerCommandRunner;
  idempotency: IdempotencyKeys;
  clock: () => Date;
}> = async (app, { runCommand, idempotency, clock }) => {
  acceptJsonBodiesOnly(app);
  const now = () => clock().toISOString();
  const tags = ["commands"];

  app.post(
    "/customers/:id/stage",
    {
      config: { right: "advanceStage" },
      schema: {
        ...securedRoute,
        tags,
        summary: "Advance the sales stage (win, lose, reopen)",
        params: customerParams,
        body: advanceStageBody,
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        const { occurredAt, ...body } = request.body;
        const outcome = await runCommand(
          request.params.id,
          () => ({ type: "AdvanceStage", ...body, occurredAt: occurredAt ?? now() }),
          commandContext(request, "advanceStage"),
        );
        return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
      }),
  );

  app.post(
    "/customers/:id/interactions",
    {
      config: { right: "logInteraction" },
      schema: {
        ...securedRoute,
        tags,
        summary: "Log a call, email, meeting or other interaction (may be back-dated)",
        params: customerParams,
        body: logInteractionBody,
        response: { 201: revisionReply.extend({ interactionId: z.uuid() }) },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        const { occurredAt, ...body } = request.body;
        const interactionId = randomUUID();
        const outcome = await runCommand(
          request.params.id,
          () => ({ type: "LogInteraction", ...body, interactionId, occurredAt: occurredAt ?? now() }),
          commandContext(request, "logInteraction"),
        );
        return {
          status: 201,
          body: { customerId: outcome.customerId, revision: outcome.revision, interactionId },
        };
      }),
  );

  app.post(
    "/customers/:id/complaints",
    {
      config: { right: "fileComplaint" },
      schema: {
        ...securedRoute,
        tags,
        summary: "File a complaint",
        params: customerParams,
        body: fileComplaintBody,
        response: { 201: revisionReply.extend({ complaintId: z.uuid() }) },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        const { occurredAt, ...body } = request.body;
        const complaintId = randomUUID();
        const outcome = await runCommand(
          request.params.id,
          () => ({ type: "FileComplaint", ...body, complaintId, occurredAt: occurredAt ?? now() }),
          commandContext(request, "fileComplaint"),
        );
        return {
          status: 201,
          body: { customerId: outcome.customerId, revision: outcome.revision, complaintId },
        };
      }),
  );

  app.post(
    "/customers/:id/complaints/:complaintId/acknowledge",
    {
      config: { right: "acknowledgeComplaint" },
      schema: {
        ...securedRoute,
        tags,
        summary: "Acknowledge a complaint (and say whether we apologized)",
        params: complaintParams,
        // Every field is optional, so an acknowledgement may come with no body at all (fastify hands
        // that over as null, which a zod default, meant for undefined, does not cover).
        body: z.preprocess((body) => body ?? {}, acknowledgeComplaintBody),
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        const { occurredAt, ...body } = request.body;
        const outcome = await runCommand(
          request.params.id,
          () => ({
            type: "AcknowledgeComplaint",
            ...body,
            complaintId: request.params.complaintId,
            occurredAt: occurredAt ?? now(),
          }),
          commandContext(request, "acknowledgeComplaint"),
        );
        return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
      }),
  );

  app.post(
    "/customers/:id/complaints/:complaintId/resolve",
    {
      config: { right: "resolveComplaint" },
      schema: {
        ...securedRoute,
        tags,
        summary: "Resolve an acknowledged complaint: the amends and what prevents it next time",
        params: complaintParams,
        body: resolveComplaintBody,
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        const { occurredAt, ...body } = request.body;
        const outcome = await runCommand(
          request.params.id,
          () => ({
            type: "ResolveComplaint",
            ...body,
            complaintId: request.params.complaintId,
            occurredAt: occurredAt ?? now(),
          }),
          commandContext(request, "resolveComplaint"),
        );
        return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
      }),
  );

  app.post(
    "/customers/:id/purchases",
    {
      config: { right: "recordPurchase" },
      schema: {
        ...securedRoute,
        tags,
        summary: "Record a purchase by a won customer",
        params: customerParams,
        body: recordPurchaseBody,
        response: { 201: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        const { occurredAt, ...body } = request.body;
        const outcome = await runCommand(
          request.params.id,
          () => ({ type: "RecordPurchase", ...body, occurredAt: occurredAt ?? now() }),
          commandContext(request, "recordPurchase"),
        );
        return { status: 201, body: { customerId: outcome.customerId, revision: outcome.revision } };
      }),
  );

  app.put(
    "/customers/:id/owner",
    {
      config: { right: "assignOwner" },
      schema: {
        ...securedRoute,
        tags,
        summary: "Assign an owner, or release the customer to the pool with null",
        params: customerParams,
        body: assignOwnerBody,
        response: { 200: revisionReply },
      },
    },
    (request, reply) =>
      respondToCommand(idempotency, request, reply, async () => {
        const { occurredAt, ...body } = request.body;
        const outcome = await runCommand(
          request.params.id,
          () => ({ type: "AssignOwner", ...body, occurredAt: occurredAt ?? now() }),
          commandContext(request, "assignOwner"),
        );
        return { status: 200, body: { customerId: outcome.customerId, revision: outcome.revision } };
      }),
  );
};
