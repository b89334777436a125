import { type CustomerEventMessage, customerEventMessageSchema } from "@crm/event-contracts";
import type { IHeaders, Message } from "kafkajs";
import type { TraceHeaders } from "../customerEventBus.ts";

// Contract section 6 on the wire: key = customerId (so the partitioner keeps one customer's
// events in one partition, in order), value = the message as JSON. The type and schema
// version ride along as headers, so a consumer can route or skip without parsing the value.

export const encodeCustomerEvent = (message: CustomerEventMessage, trace?: TraceHeaders): Message => ({
  key: message.customerId,
  value: JSON.stringify(message),
  headers: {
    "content-type": "application/json",
    "event-type": message.type,
    "schema-version": String(message.schemaVersion),
    // W3C trace context (traceparent, tracestate), so the consumer continues the producer's trace.
    ...trace,
  },
});

const TRACE_HEADERS = ["traceparent", "tracestate"] as const;

/** The W3C trace context a record carries, if any. */
export const traceHeadersOf = (headers: IHeaders | undefined): TraceHeaders | undefined => {
  const trace: TraceHeaders = {};
  for (const name of TRACE_HEADERS) {
    const value = headers?.[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text !== undefined) trace[name] = text.toString();
  }
  return trace.traceparent ? trace : undefined;
};

/** A record on the topic that is not a customer-event message; retrying it cannot help. */
export class UnreadableMessageError extends Error {
  readonly partition: number;
  readonly offset: string;

  constructor(partition: number, offset: string, options: { cause: unknown }) {
    super(`partition ${partition}, offset ${offset}: not a customer-event message`, options);
    this.name = "UnreadableMessageError";
    this.partition = partition;
    this.offset = offset;
  }
}

export const decodeCustomerEvent = (value: Buffer | null): CustomerEventMessage =>
  customerEventMessageSchema.parse(JSON.parse(value?.toString("utf8") ?? "null"));
