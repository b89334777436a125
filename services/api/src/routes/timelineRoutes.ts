import { InvalidTimelineCursorError, readCustomerTimeline, type TimelineLocale } from "@crm/customers";
import { DEPARTMENTS } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import accepts from "@fastify/accepts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { recordAccess } from "../accessRecording.ts";
import { ApiError } from "../apiError.ts";
import { customerParams, securedRoute } from "./schemas.ts";

// Contract 9.5: every role reads what colleagues did. The line's language follows
// Accept-Language (zh, zh-CN, zh-TW… read Chinese; anything else, or nothing, English).

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" });
const ROLE_DEPARTMENTS = ["admin", "analyst", "auditor", "system"] as const;

const timelineQuery = z.strictObject({
  asOf: instant.optional(),
  knownAt: instant.optional(),
  department: z.enum([...DEPARTMENTS, ...ROLE_DEPARTMENTS]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

/** Offered in this order: without a preference the first (English) is served. */
const OFFERED = ["en", "zh-CN", "zh"] as const;

export const timelineRoutes: FastifyPluginAsyncZod<{ eventStore: EventStore }> = async (
  app,
  { eventStore },
) => {
  await app.register(accepts);

  app.get(
    "/customers/:id/timeline",
    {
      config: { right: "readTimeline" },
      schema: {
        ...securedRoute,
        tags: ["customers"],
        summary: "What colleagues did with the customer, newest first, one readable line per event",
        params: customerParams,
        querystring: timelineQuery,
      },
    },
    async (request, reply) => {
      const language = request.accepts().language([...OFFERED]);
      const locale: TimelineLocale = language === "zh-CN" || language === "zh" ? "zh-CN" : "en";
      try {
        const timeline = await readCustomerTimeline(eventStore, request.params.id, request.query, locale);
        // Contract 10.3: a timeline read is a read of personal data.
        recordAccess(request, {
          what: "timeline",
          customerId: request.params.id,
          filters: request.query,
          rows: timeline.items.length,
        });
        return reply.header("content-language", locale).header("vary", "Accept-Language").send(timeline);
      } catch (error) {
        if (!(error instanceof InvalidTimelineCursorError)) throw error;
        throw new ApiError(400, "validation_failed", error.message, [
          { path: "cursor", in: "querystring", message: "is not a cursor from a previous page" },
        ]);
      }
    },
  );
};
