import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { type CustomerEventMessage, customerEventMessageOf } from "@crm/event-contracts";
import { type EventStore, ForeignPositionError } from "@crm/event-store";
import { ApiError } from "./apiError.ts";

// Contract section 11: customer events in the event store's own global order, each in the
// topic's message shape (section 6), built by the same function the relay uses, so a
// consumer can move between the topic, the feed and webhooks without a second parser.

/**
 * The position to read after: 0 means from the first event (no store gives an event position
 * 0 to a customer event), so a consumer can always start with after=0.
 */
export const feedStart = (after: string | undefined): bigint | undefined =>
  after === undefined || BigInt(after) === 0n ? undefined : BigInt(after);

/** A position this store never gave out (another store's, or a restored backup's) is the client's mistake. */
const refusedPosition = (error: unknown, field: string): never => {
  if (error instanceof ForeignPositionError)
    throw new ApiError(400, "validation_failed", `${field} is not a position of this event store`, [
      { path: field, in: field === "last-event-id" ? "headers" : "querystring", message: error.message },
    ]);
  throw error;
};

/** Refuses a position the store would refuse, before a stream's headers are sent. */
export const checkFeedPosition = async (eventStore: EventStore, after: bigint | undefined, field: string) => {
  if (after === undefined) return;
  try {
    for await (const _event of eventStore.readAll({ after, streamPrefix: CUSTOMER_STREAM_PREFIX })) break;
  } catch (error) {
    refusedPosition(error, field);
  }
};

/** One page of the feed: up to `limit` messages after `after`, and where to ask next. */
export const customerEventPage = async (
  eventStore: EventStore,
  options: { after: bigint | undefined; limit: number },
): Promise<{ items: CustomerEventMessage[]; next: string }> => {
  const items: CustomerEventMessage[] = [];
  const events = eventStore.readAll({
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    ...(options.after === undefined ? {} : { after: options.after }),
  });
  try {
    for await (const stored of events) {
      const message = customerEventMessageOf(stored);
      if (message) items.push(message);
      if (items.length >= options.limit) break;
    }
  } catch (error) {
    refusedPosition(error, "after");
  }
  return { items, next: items.at(-1)?.position ?? String(options.after ?? 0n) };
};
