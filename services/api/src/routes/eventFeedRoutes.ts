import type { EventStore } from "@crm/event-store";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { checkFeedPosition, customerEventPage, feedStart } from "../customerEventFeed.ts";
import { type EventStreamSettings, streamCustomerEvents } from "../customerEventStream.ts";
import { securedRoute } from "./schemas.ts";

// Contract section 11: customer events over HTTP for consumers without Kafka, for the roles
// admin and integration.

/** A global position: an unsigned 64-bit integer, in decimal (it may not fit a JS number). */
const position = z
  .string()
  .regex(/^\d{1,20}$/, { message: "must be an event position (a non-negative integer)" })
  .refine((value) => !/^\d+$/.test(value) || BigInt(value) < 2n ** 64n, {
    message: "must be an event position below 2^64",
  });

const pageQuery = z.strictObject({
  after: position.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
const streamQuery = z.strictObject({ after: position.optional() });
const streamHeaders = z.object({ "last-event-id": position.optional() });

export const eventFeedRoutes: FastifyPluginAsyncZod<{
  eventStore: EventStore;
  stream: EventStreamSettings;
}> = async (app, { eventStore, stream }) => {
  // Open streams end when the server closes, so a shutdown does not wait for readers to leave.
  const closing = new AbortController();
  app.addHook("preClose", async () => closing.abort());

  app.get(
    "/events",
    {
      config: { right: "readEvents" },
      schema: {
        ...securedRoute,
        tags: ["events"],
        summary: "Customer events after a position, in the store's order, in the topic's message shape",
        description:
          "`after=0` (or none) starts at the first event. `next` is the position to pass as `after` for the following page (the same `after` when nothing is new). A position this store never gave out is 400.",
        querystring: pageQuery,
      },
    },
    (request) =>
      customerEventPage(eventStore, { after: feedStart(request.query.after), limit: request.query.limit }),
  );

  app.get(
    "/events/stream",
    {
      config: { right: "readEvents" },
      schema: {
        ...securedRoute,
        tags: ["events"],
        summary: "The same events as Server-Sent Events: the history after a position, then live",
        description:
          "Each event's `id:` is its position; reconnect with `Last-Event-ID` (it wins over `after`) to resume without a gap.",
        querystring: streamQuery,
        headers: streamHeaders,
      },
    },
    async (request, reply) => {
      const resuming = request.headers["last-event-id"] !== undefined;
      const after = feedStart(request.headers["last-event-id"] ?? request.query.after);
      await checkFeedPosition(eventStore, after, resuming ? "last-event-id" : "after");
      reply.hijack();
      await streamCustomerEvents(eventStore, reply.raw, {
        after,
        settings: stream,
        closing: closing.signal,
      });
    },
  );
};
