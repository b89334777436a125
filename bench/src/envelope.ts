import { randomUUID } from "node:crypto";
import { type CustomerEvent, chainHash, type EventMetadata } from "@crm/domain";
import type { NewEvent } from "@crm/event-store";

// Events as the platform stores them: the full metadata (actor, correlation,
// causation, command) and the hash chain. Written directly into stores here, so
// replay parses the same bytes a year of real traffic would have left.

const ACTOR = { id: "bench-sales-1", role: "sales" };

export const envelope = (
  events: readonly CustomerEvent[],
  command: string,
  previousHash: string,
  recordedAt = events[0]?.occurredAt ?? new Date().toISOString(),
): { events: NewEvent[]; lastHash: string } => {
  let prevHash = previousHash;
  const correlationId = randomUUID();
  const causationId = randomUUID();
  const enveloped = events.map((event) => {
    const metadata: Omit<EventMetadata, "hash"> = {
      eventId: randomUUID(),
      occurredAt: event.occurredAt,
      recordedAt,
      actor: ACTOR,
      correlationId,
      causationId,
      command,
      prevHash,
    };
    const hash = chainHash({ type: event.type, data: event.data, metadata });
    prevHash = hash;
    return { eventId: metadata.eventId, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
  return { events: enveloped, lastHash: prevHash };
};
