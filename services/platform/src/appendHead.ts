import type { EventStore } from "@crm/event-store";

/**
 * Remembers the global position of the latest append made through this process,
 * so reads can wait for the read models to include the caller's own writes.
 */
export const withAppendHead = (eventStore: EventStore) => {
  let head: bigint | undefined;
  const tracked: EventStore = {
    append: async (stream, events, options) => {
      const result = await eventStore.append(stream, events, options);
      if (head === undefined || result.position > head) head = result.position;
      return result;
    },
    readStream: (stream) => eventStore.readStream(stream),
    readAll: (options) => eventStore.readAll(options),
    subscribeToAll: (handler, options) => eventStore.subscribeToAll(handler, options),
    close: () => eventStore.close(),
  };
  return { eventStore: tracked, head: () => head };
};
