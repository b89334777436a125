import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import type { EventStore } from "@crm/event-store";

/**
 * Remembers the global position of the latest customer event appended through
 * this process, so reads can wait for the read models to include the caller's
 * own writes. Other streams (idempotency records, duplicate-key reservations)
 * never reach the read models, so waiting for them would only time out.
 */
export const withAppendHead = (eventStore: EventStore) => {
  let head: bigint | undefined;
  const tracked: EventStore = {
    append: async (stream, events, options) => {
      const result = await eventStore.append(stream, events, options);
      if (stream.startsWith(CUSTOMER_STREAM_PREFIX) && (head === undefined || result.position > head))
        head = result.position;
      return result;
    },
    readStream: (stream, options) => eventStore.readStream(stream, options),
    readAll: (options) => eventStore.readAll(options),
    subscribeToAll: (handler, options) => eventStore.subscribeToAll(handler, options),
    close: () => eventStore.close(),
  };
  return { eventStore: tracked, head: () => head };
};
