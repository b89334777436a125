import type { CustomerEventBus, TraceHeaders } from "@crm/event-bus";
import { type CustomerEventMessage, customerEventMessageOf } from "@crm/event-contracts";
import type { RecordedEvent } from "@crm/event-store";
import { contextFrom, crmTracer, traceHeadersOf, withSpan } from "@crm/operations";
import { SpanKind } from "@opentelemetry/api";

/**
 * Publishes a batch's customer events, each continuing the trace of the command that
 * recorded it (its `traceparent` metadata): a producer span per event, whose context goes in
 * the message's headers (contract section 12). Events recorded untraced get neither.
 */
export const publishTraced = async (
  bus: CustomerEventBus,
  batch: readonly RecordedEvent[],
): Promise<CustomerEventMessage[]> => {
  const messages: CustomerEventMessage[] = [];
  const traces: Array<TraceHeaders | undefined> = [];
  const spans = [];
  for (const stored of batch) {
    const message = customerEventMessageOf(stored);
    if (!message) continue;
    messages.push(message);
    const traceparent = stored.metadata.traceparent;
    if (typeof traceparent !== "string") {
      traces.push(undefined);
      continue;
    }
    const recorded = contextFrom({ traceparent });
    const span = crmTracer().startSpan(
      "relay publish",
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "crm.event_type": message.type,
          "crm.customer_id": message.customerId,
          "crm.position": message.position,
        },
      },
      recorded,
    );
    spans.push(span);
    traces.push(traceHeadersOf(withSpan(span, recorded)));
  }
  try {
    await bus.publish(messages, traces);
  } finally {
    for (const span of spans) span.end();
  }
  return messages;
};
