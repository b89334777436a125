import type { EventMetadata } from "./eventMetadata.ts";
import { type CustomerEvent, eventDataSchemas, isCustomerEventType } from "./events.ts";
import { upcastEventData } from "./upcasting.ts";

// Contract section 1: one stream per customer, `crm-customer-<customerId>`.
export const CUSTOMER_STREAM_PREFIX = "crm-customer-";
export const customerStreamName = (customerId: string): string => `${CUSTOMER_STREAM_PREFIX}${customerId}`;
export const customerIdOfStream = (streamName: string): string | null =>
  streamName.startsWith(CUSTOMER_STREAM_PREFIX) ? streamName.slice(CUSTOMER_STREAM_PREFIX.length) : null;

/** A customer event as read back: the fact, plus where and when it was recorded and by whom. */
export type RecordedCustomerEvent = CustomerEvent & {
  customerId: string;
  revision: number;
  recordedAt: string;
  metadata: EventMetadata;
  /** Global position in the store, as a decimal string (positions outgrow JS numbers on some stores). */
  position: string;
};

/** What any event store hands back; structural, so the domain imports no adapter. */
export type StoredEvent = {
  streamName: string;
  revision: number;
  position: bigint;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
};

/** Reads a stored customer event in its current schema (upcasting old versions); null for other streams. */
export const toRecordedCustomerEvent = (stored: StoredEvent): RecordedCustomerEvent | null => {
  const customerId = customerIdOfStream(stored.streamName);
  if (customerId === null || !isCustomerEventType(stored.type)) return null;
  const data = eventDataSchemas[stored.type].parse(upcastEventData(stored.type, stored.data));
  const metadata = stored.metadata as EventMetadata;
  return {
    type: stored.type,
    data,
    occurredAt: metadata.occurredAt,
    customerId,
    revision: stored.revision,
    recordedAt: metadata.recordedAt,
    metadata,
    position: stored.position.toString(),
  } as RecordedCustomerEvent;
};

/** Who did what, when and within which request: what history and audit show of every event. */
export const provenanceOf = (
  event: Pick<RecordedCustomerEvent, "revision" | "type" | "occurredAt" | "recordedAt" | "metadata">,
) => ({
  revision: event.revision,
  type: event.type,
  occurredAt: event.occurredAt,
  recordedAt: event.recordedAt,
  actor: event.metadata.actor,
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  command: event.metadata.command,
});

export type EventProvenance = ReturnType<typeof provenanceOf>;
