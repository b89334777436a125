import { randomUUID } from "node:crypto";
import {
  type CustomerCommand,
  type CustomerState,
  customerStreamName,
  DomainError,
  decideCustomer,
  evolveCustomer,
  LEAD_SOURCES,
  LOST_REASONS,
  STAGES,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";

// Random but valid customer histories for projection tests: every event comes
// from the domain's own decider, so the read side is tested on histories the
// platform can really produce (skips, losses after wins, reopens, late credits).

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

const candidateCommand = (random: () => number, at: string, referredIds: string[]): CustomerCommand => {
  const roll = random();
  if (roll < 0.35) {
    const stage = pick(random, STAGES);
    return {
      type: "AdvanceStage",
      stage,
      occurredAt: at,
      ...(stage === "won" ? { amount: Math.round(random() * 100_000) / 100 + 1 } : {}),
      ...(stage === "lost" ? { lostReason: pick(random, LOST_REASONS) } : {}),
      ...(random() < 0.3 ? { expectedValue: Math.round(random() * 5000) } : {}),
    };
  }
  if (roll < 0.5)
    return {
      type: "RecordPurchase",
      orderId: randomUUID(),
      amount: Math.round(random() * 50_000) / 100 + 1,
      occurredAt: at,
    };
  if (roll < 0.65) {
    // Back-dated interactions are allowed: up to ten days before "now" in the history.
    const backDated = new Date(Date.parse(at) - Math.floor(random() * 10) * 86_400_000).toISOString();
    return {
      type: "LogInteraction",
      interactionId: randomUUID(),
      channel: "call",
      direction: "outbound",
      summary: "call",
      occurredAt: backDated,
    };
  }
  if (roll < 0.75)
    return {
      type: "FileComplaint",
      complaintId: randomUUID(),
      category: "billing",
      severity: pick(random, ["low", "medium", "high", "critical"] as const),
      description: "late invoice",
      occurredAt: at,
    };
  if (roll < 0.85)
    return { type: "AssignOwner", ownerId: pick(random, ["rep-1", "rep-2", null]), occurredAt: at };
  if (roll < 0.9 && referredIds.length > 0)
    return { type: "CreditReferral", referredCustomerId: pick(random, referredIds), occurredAt: at };
  return { type: "AdvanceStage", stage: "lost", lostReason: "price", occurredAt: at };
};

const complaintCommand = (state: CustomerState, at: string): CustomerCommand | null => {
  const open = [...(state?.complaints.values() ?? [])].find((complaint) => complaint.status !== "resolved");
  if (!open) return null;
  return open.status === "filed"
    ? { type: "AcknowledgeComplaint", complaintId: open.complaintId, occurredAt: at }
    : {
        type: "ResolveComplaint",
        complaintId: open.complaintId,
        resolution: "refund",
        compensation: 50,
        occurredAt: at,
      };
};

/** Appends `customers` random histories to the store; returns how many events it wrote. */
export const appendRandomHistory = async (
  store: EventStore,
  random: () => number,
  options: { customers: number; commandsPerCustomer: number; start: Date },
): Promise<number> => {
  let written = 0;
  const ids: string[] = [];
  for (let customer = 0; customer < options.customers; customer++) {
    const customerId = randomUUID();
    let clock = options.start.getTime() + customer * 3_600_000;
    let state: CustomerState = null;
    let revision = -1;
    const record = async (command: CustomerCommand) => {
      let events: ReturnType<typeof decideCustomer>;
      try {
        events = decideCustomer(command, state);
      } catch (error) {
        if (error instanceof DomainError) return;
        throw error;
      }
      if (events.length === 0) return;
      const recordedAt = new Date(clock).toISOString();
      await store.append(
        customerStreamName(customerId),
        events.map((event) => ({
          eventId: randomUUID(),
          type: event.type,
          data: event.data,
          metadata: { occurredAt: event.occurredAt, recordedAt },
        })),
        { expectedRevision: revision === -1 ? "no_stream" : revision },
      );
      revision += events.length;
      written += events.length;
      state = events.reduce(evolveCustomer, state);
    };
    await record({
      type: "CreateLead",
      customerId,
      referrerExists: false,
      name: `Customer ${customer}`,
      source: pick(random, LEAD_SOURCES),
      region: pick(random, ["north", "south", null]),
      ownerId: pick(random, ["rep-1", "rep-2", null]),
      expectedValue: Math.round(random() * 10_000),
      occurredAt: new Date(clock).toISOString(),
    });
    for (let step = 0; step < options.commandsPerCustomer; step++) {
      clock += Math.floor(random() * 5 * 86_400_000);
      const at = new Date(clock).toISOString();
      await record(
        (random() < 0.15 ? complaintCommand(state, at) : null) ??
          candidateCommand(random, at, ids.slice(-20)),
      );
    }
    ids.push(customerId);
  }
  return written;
};

/** A small seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
