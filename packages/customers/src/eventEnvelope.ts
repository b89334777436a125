import { randomUUID } from "node:crypto";
import { type CustomerEvent, chainHash, type EventMetadata } from "@crm/domain";
import type { NewEvent } from "@crm/event-store";
import { context, propagation } from "@opentelemetry/api";
import type { CommandContext } from "./commandContext.ts";

/**
 * The trace of the request that decided the events (W3C `traceparent`), so the relay and the
 * projector continue it (contract section 12); nothing while tracing is off.
 */
const traceOfCommand = (): { traceparent?: string } => {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? { traceparent: carrier.traceparent } : {};
};

/** Wraps decided events with their metadata and links each to the one before by hash. */
export const envelopeEvents = (
  events: CustomerEvent[],
  context: CommandContext,
  recordedAt: string,
  previousHash: string,
  extraMetadata: Partial<EventMetadata> = {},
): NewEvent[] => {
  let prevHash = previousHash;
  const trace = traceOfCommand();
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
      ...trace,
      ...extraMetadata,
    };
    const hash = chainHash({ type: event.type, data: event.data, metadata });
    prevHash = hash;
    return { eventId: metadata.eventId, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
};
