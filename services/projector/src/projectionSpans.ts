import type { TraceHeaders } from "@crm/event-bus";
import type { CustomerEventMessage } from "@crm/event-contracts";
import { contextFrom, crmTracer } from "@crm/operations";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";

/**
 * The read-model write of a batch, as a consumer span in the trace of every command whose
 * events it holds (contract section 12): one write, one span per trace it serves. Messages
 * that carried no trace context add none.
 */
export const withProjectionSpans = async <T>(
  messages: readonly CustomerEventMessage[],
  traces: ReadonlyArray<TraceHeaders | undefined>,
  write: () => Promise<T>,
): Promise<T> => {
  const byTrace = new Map<string, { trace: TraceHeaders; events: number }>();
  traces.forEach((trace) => {
    if (!trace?.traceparent) return;
    const entry = byTrace.get(trace.traceparent) ?? { trace, events: 0 };
    entry.events += 1;
    byTrace.set(trace.traceparent, entry);
  });
  const spans = [...byTrace.values()].map(({ trace, events }) =>
    crmTracer().startSpan(
      "project read models",
      { kind: SpanKind.CONSUMER, attributes: { "crm.events": events, "crm.batch": messages.length } },
      contextFrom(trace),
    ),
  );
  try {
    return await write();
  } catch (error) {
    for (const span of spans)
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
};
