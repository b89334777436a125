import type { EventStore } from "@crm/event-store";
import { Counter, type Registry } from "prom-client";

/** Counts what this process appended, by event type (contract section 12: events appended). */
export const countAppendedEvents = (eventStore: EventStore, registry: Registry): EventStore => {
  const appended = new Counter({
    name: "crm_events_appended_total",
    help: "Events this process appended to the event store, by event type.",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  return {
    append: async (stream, events, options) => {
      const result = await eventStore.append(stream, events, options);
      for (const event of events) appended.inc({ type: event.type });
      return result;
    },
    readStream: (stream, options) => eventStore.readStream(stream, options),
    readAll: (options) => eventStore.readAll(options),
    subscribeToAll: (handler, options) => eventStore.subscribeToAll(handler, options),
    close: () => eventStore.close(),
  };
};
