import { FOLLOW_UP_STATUSES, followUpWorkList, InvalidFollowUpCursorError } from "@crm/read-models";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ApiError } from "../apiError.ts";
import type { ReadModelAccess } from "../readModelAccess.ts";
import { securedRoute } from "./schemas.ts";

// Contract 9.4: the follow-up work list, a read model. Without assigneeId, the caller's own.

const followUpQuery = z.strictObject({
  assigneeId: z.string().trim().min(1).max(200).optional(),
  status: z.enum(FOLLOW_UP_STATUSES).optional(),
  dueBefore: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).optional(),
  customerId: z.uuid({ message: "must be a customer id (UUID)" }).toLowerCase().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export const followUpRoutes: FastifyPluginAsyncZod<{
  readModels: ReadModelAccess;
  clock: () => Date;
}> = async (app, { readModels, clock }) => {
  app.get(
    "/follow-ups",
    {
      config: { right: "readFollowUps" },
      schema: {
        ...securedRoute,
        tags: ["customers"],
        summary:
          "Follow-ups of one assignee (default: the caller): open and overdue by due date, done by completion",
        querystring: followUpQuery,
      },
    },
    async (request) => {
      await readModels.settle();
      const { assigneeId, ...query } = request.query;
      try {
        return await followUpWorkList(
          readModels.followUps,
          { ...query, assigneeId: assigneeId ?? request.actor.id },
          clock(),
        );
      } catch (error) {
        if (!(error instanceof InvalidFollowUpCursorError)) throw error;
        throw new ApiError(400, "validation_failed", error.message, [
          { path: "cursor", in: "querystring", message: "is not a cursor from a previous page" },
        ]);
      }
    },
  );
};
