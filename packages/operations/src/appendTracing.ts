import type { EventStore } from "@crm/event-store";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { crmTracer } from "./tracing.ts";

/** A span around each append, in the trace of the command that appends (contract section 12). */
export const traceAppends = (eventStore: EventStore): EventStore => ({
  append: (stream, events, options) =>
    crmTracer().startActiveSpan(
      "event store append",
      { kind: SpanKind.CLIENT, attributes: { "crm.stream": stream, "crm.events": events.length } },
      async (span) => {
        try {
          const result = await eventStore.append(stream, events, options);
          span.setAttribute("crm.position", String(result.position));
          return result;
        } catch (error) {
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  readStream: (stream, options) => eventStore.readStream(stream, options),
  readAll: (options) => eventStore.readAll(options),
  subscribeToAll: (handler, options) => eventStore.subscribeToAll(handler, options),
  close: () => eventStore.close(),
});
