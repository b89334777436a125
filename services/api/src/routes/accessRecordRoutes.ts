import { accessRecordsPage, isAccessCursor } from "@crm/trust";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ApiError } from "../apiError.ts";
import type { AccessRecordsAccess } from "../trustAccess.ts";
import { securedRoute } from "./schemas.ts";

// Contract section 10.3: GET /audit/access, who read personal data, newest first.

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" });

const accessQuery = z
  .strictObject({
    actorId: z.string().min(1).max(200).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z
      .string()
      .max(500)
      .refine(isAccessCursor, { message: "is not a cursor from a previous page" })
      .optional(),
  })
  .refine(
    (query) =>
      query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to),
    { message: "from must be before to", path: ["to"] },
  );

const accessRecord = z.object({
  actor: z.object({ id: z.string(), role: z.string() }),
  at: z.string(),
  what: z.enum(["export", "history", "timeline"]),
  customerId: z.string().optional(),
  filters: z.record(z.string(), z.unknown()).optional(),
  rows: z.int().optional(),
});

export const accessRecordRoutes: FastifyPluginAsyncZod<{ access: AccessRecordsAccess | undefined }> = async (
  app,
  { access },
) => {
  app.get(
    "/audit/access",
    {
      config: { right: "readAudit" },
      schema: {
        ...securedRoute,
        tags: ["audit"],
        summary: "Who read personal data: exports, history and timeline reads, newest first",
        description: "`from` (inclusive) and `to` (exclusive) filter `at`. Page with `nextCursor`.",
        querystring: accessQuery,
        response: { 200: z.object({ items: z.array(accessRecord), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      if (!access) throw new ApiError(503, "unavailable", "this process keeps no access records");
      // The reads recorded just before this one are still in the buffer: write them first.
      await access.log.flush();
      return accessRecordsPage(await access.all(), request.query);
    },
  );
};
