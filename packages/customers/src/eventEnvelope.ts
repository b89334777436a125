import { randomUUID } from "node:crypto";
import { type CustomerEvent, chainHash, type EventMetadata } from "@crm/domain";
import type { NewEvent } from "@crm/event-store";
import type { CommandContext } from "./commandContext.ts";

/** Wraps decided events with their metadata and links each to the one before by hash. */
export const envelopeEvents = (
  events: CustomerEvent[],
  context: CommandContext,
  recordedAt: string,
  previousHash: string,
  extraMetadata: Partial<EventMetadata> = {},
): NewEvent[] => {
  let prevHash = previousHash;
  return events.map((event) => {
    const metadata = {
      eventId: randomUUID(),
      occurredAt: event.occurredAt,
      recordedAt,
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.commandId,
      command: context.commandName,
      prevHash,
      ...context.idempotency,
      ...extraMetadata,
    };
    const hash = chainHash({ type: event.type, data: event.data, metadata });
    prevHash = hash;
    return { eventId: metadata.eventId, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
};
