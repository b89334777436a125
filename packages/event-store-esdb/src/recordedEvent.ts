import type { NewEvent, RecordedEvent } from "@crm/event-store";
import type { AllStreamResolvedEvent, EventData, JSONType, ResolvedEvent } from "@eventstore/db-client";

/** Our event as the client writes it: JSON, with our eventId as the server's event id. */
export const toEventData = (event: NewEvent): EventData => ({
  // The server de-duplicates retried appends by this id, so it must be ours, not a fresh one.
  id: event.eventId,
  contentType: "application/json",
  type: event.type,
  // JSON has no undefined: an event without data is stored, and read back, as null. The client
  // JSON.stringifies whatever it is given, so any JSON value passes despite its narrower type.
  data: (event.data ?? null) as JSONType,
  metadata: event.metadata,
});

/** What a server sends for a position it does not know (2^64-1), never a real one. */
export const UNKNOWN_POSITION = 18446744073709551615n;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/**
 * The client's event as our port's. Positions are commit positions: on EventStoreDB 22.10 and later
 * every event has its own, and events appended in one batch get increasing ones.
 */
export const fromResolvedEvent = (resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent => {
  const { event } = resolved;
  // Only a link event whose target is gone comes without one, and links are not resolved here.
  if (event === undefined) throw new Error("EventStoreDB returned a record without an event");
  const position = event.position?.commit ?? resolved.commitPosition;
  // Servers before 22.10 send ulong.MaxValue where they know no position (stream reads).
  if (position === undefined || position === UNKNOWN_POSITION) {
    throw new Error(
      `EventStoreDB gave no position for event ${event.id} in ${event.streamId}; this adapter needs server 22.10 or later`,
    );
  }
  return {
    streamName: event.streamId,
    revision: Number(event.revision),
    position,
    eventId: event.id,
    type: event.type,
    data: event.data,
    // Events this port wrote always carry a JSON object; anything else (none, bytes) reads as empty.
    metadata: isRecord(event.metadata) ? event.metadata : {},
  };
};

/** Events the server keeps for itself: `$`-prefixed types, as stream deletions and links are. */
export const isSystemEvent = (event: RecordedEvent): boolean =>
  event.type.startsWith("$") || event.streamName.startsWith("$");
