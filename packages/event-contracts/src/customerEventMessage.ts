import {
  type CustomerEventType,
  eventDataSchemas,
  isCustomerEventType,
  type RecordedCustomerEvent,
  type StoredEvent,
  toRecordedCustomerEvent,
  upcastEventData,
} from "@crm/domain";
import { z } from "zod";

// Contract section 6: the topic downstream services subscribe to. Key = customerId,
// so one customer's events keep their order; (customerId, revision) identifies an
// event, and consumers de-duplicate on it because delivery is at least once.

export const CUSTOMER_EVENTS_TOPIC = "crm.customer-events.v1";

export const customerEventMessageSchema = z.object({
  eventId: z.uuid(),
  type: z.string(),
  schemaVersion: z.int().min(1),
  customerId: z.uuid(),
  revision: z.int().min(0),
  /** Global position in the event store, as a decimal string (it may not fit a JS number). */
  position: z.string().regex(/^\d+$/),
  occurredAt: z.iso.datetime({ offset: true }),
  recordedAt: z.iso.datetime({ offset: true }),
  actor: z.object({ id: z.string(), role: z.string() }),
  correlationId: z.string(),
  causationId: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export type CustomerEventMessage = z.infer<typeof customerEventMessageSchema>;

export const toCustomerEventMessage = (event: RecordedCustomerEvent): CustomerEventMessage => ({
  eventId: event.metadata.eventId,
  type: event.type,
  schemaVersion: event.data.schemaVersion,
  customerId: event.customerId,
  revision: event.revision,
  position: event.position,
  occurredAt: event.occurredAt,
  recordedAt: event.recordedAt,
  actor: event.metadata.actor,
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  data: event.data as Record<string, unknown>,
});

/**
 * The message for an event as the store holds it; null for a stream that is not a customer's.
 * The relay, the HTTP feed and webhooks all send what this builds.
 */
export const customerEventMessageOf = (stored: StoredEvent): CustomerEventMessage | null => {
  const event = toRecordedCustomerEvent(stored);
  return event ? toCustomerEventMessage(event) : null;
};

/** Reads a message back as a domain event (upcasting old versions); null for a type this build does not know. */
export const fromCustomerEventMessage = (message: CustomerEventMessage): RecordedCustomerEvent | null => {
  if (!isCustomerEventType(message.type)) return null;
  const type: CustomerEventType = message.type;
  const data = eventDataSchemas[type].parse(upcastEventData(type, message.data));
  return {
    type,
    data,
    occurredAt: message.occurredAt,
    customerId: message.customerId,
    revision: message.revision,
    recordedAt: message.recordedAt,
    position: message.position,
    metadata: {
      eventId: message.eventId,
      occurredAt: message.occurredAt,
      recordedAt: message.recordedAt,
      actor: message.actor,
      correlationId: message.correlationId,
      causationId: message.causationId,
      command: "",
      prevHash: "",
      hash: "",
    },
  } as RecordedCustomerEvent;
};
