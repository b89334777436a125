import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { type CustomerEventMessage, customerEventMessageOf } from "@crm/event-contracts";
import type { EventStore } from "@crm/event-store";

// Contract section 11: customer events in the event store's own global order, each in the
// topic's message shape (section 6), built by the same function the relay uses, so a
// consumer can move between the topic, the feed and webhooks without a second parser.

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
  for await (const stored of events) {
    const message = customerEventMessageOf(stored);
    if (message) items.push(message);
    if (items.length >= options.limit) break;
  }
  return { items, next: items.at(-1)?.position ?? String(options.after ?? 0n) };
};
