import { randomUUID } from "node:crypto";
import { chainHash, GENESIS_HASH } from "../eventMetadata.ts";
import type { CustomerEvent, EventData } from "../events.ts";

// Events as the decider would record them, for specifications at every layer (the decider,
// the use cases, the API): one Ada Wong, one shape of LeadCreated and StageAdvanced.

/** Midnight UTC of a day in January 2026. */
export const januaryDay = (day: number): string => new Date(Date.UTC(2026, 0, day)).toISOString();

export const leadCreated = (
  customerId: string,
  overrides: Partial<EventData<"LeadCreated">> = {},
  occurredAt = januaryDay(1),
): CustomerEvent => ({
  type: "LeadCreated",
  occurredAt,
  data: {
    schemaVersion: 1,
    customerId,
    name: "Ada Wong",
    company: "Acme Ltd",
    email: "ada@acme.example",
    phone: null,
    source: "web",
    region: null,
    industry: null,
    companySize: null,
    tags: [],
    ownerId: null,
    expectedValue: 1000,
    referredBy: null,
    ...overrides,
  },
});

export const stageAdvanced = (
  from: string,
  to: string,
  day: number,
  extra: Partial<EventData<"StageAdvanced">> = {},
): CustomerEvent =>
  ({
    type: "StageAdvanced",
    occurredAt: januaryDay(day),
    data: {
      schemaVersion: 1,
      from,
      to,
      amount: null,
      lostReason: null,
      lostNote: null,
      expectedValue: null,
      note: null,
      ...extra,
    },
  }) as CustomerEvent;

export const complaintFiled = (complaintId: string, day: number): CustomerEvent => ({
  type: "ComplaintFiled",
  occurredAt: januaryDay(day),
  data: {
    schemaVersion: 1,
    complaintId,
    category: "billing",
    severity: "high",
    description: "late invoice",
    channel: null,
  },
});

/**
 * A customer's first event as it is appended below the command runner: its own id, and the
 * hash chain's first link (for specifications of the stores and the protections under them).
 */
export const firstInChain = (event: CustomerEvent) => {
  const metadata = { eventId: randomUUID(), prevHash: GENESIS_HASH, occurredAt: event.occurredAt };
  const hash = chainHash({ type: event.type, data: event.data, metadata: metadata as never });
  return { eventId: metadata.eventId, type: event.type, data: event.data, metadata: { ...metadata, hash } };
};
