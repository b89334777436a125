import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { customerCommandRunner, leadRegistration, startOrganisationDirectory } from "@crm/customers";
import {
  type CustomerCommand,
  type CustomerState,
  DomainError,
  LEAD_SOURCES,
  LOST_REASONS,
  SEVERITIES,
  STAGES,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";

// Commands as the API would run them, through the customers package: events get their full
// metadata (actor, correlation, causation, hash chain), leads with an email also write a
// duplicate-key reservation (a stream the relay must leave out), and the domain refuses
// what it would refuse over HTTP (those refusals append nothing and are passed over).

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

const openComplaint = (state: CustomerState) =>
  [...(state?.complaints.values() ?? [])].find((complaint) => complaint.status !== "resolved");

const nextCommand = (
  random: () => number,
  state: CustomerState,
  at: string,
  referred: string[],
): CustomerCommand => {
  const complaint = openComplaint(state);
  const roll = random();
  if (complaint && roll < 0.15)
    return complaint.status === "filed"
      ? { type: "AcknowledgeComplaint", complaintId: complaint.complaintId, occurredAt: at }
      : {
          type: "ResolveComplaint",
          complaintId: complaint.complaintId,
          resolution: "refund",
          compensation: 25,
          occurredAt: at,
        };
  if (roll < 0.45) {
    const stage = pick(random, STAGES);
    return {
      type: "AdvanceStage",
      stage,
      occurredAt: at,
      ...(stage === "won" ? { amount: Math.round(random() * 100_000) / 100 + 1 } : {}),
      ...(stage === "lost" ? { lostReason: pick(random, LOST_REASONS) } : {}),
    };
  }
  if (roll < 0.6)
    return {
      type: "RecordPurchase",
      orderId: randomUUID(),
      amount: Math.round(random() * 50_000) / 100 + 1,
      occurredAt: at,
    };
  if (roll < 0.8)
    return {
      type: "LogInteraction",
      interactionId: randomUUID(),
      channel: "call",
      direction: "outbound",
      summary: "follow-up call",
      occurredAt: at,
    };
  if (roll < 0.9)
    return {
      type: "FileComplaint",
      complaintId: randomUUID(),
      category: "billing",
      severity: pick(random, SEVERITIES),
      description: "late invoice",
      occurredAt: at,
    };
  if (roll < 0.95 && referred.length > 0)
    return { type: "CreditReferral", referredCustomerId: pick(random, referred), occurredAt: at };
  return { type: "AssignOwner", ownerId: pick(random, ["rep-1", "rep-2", null]), occurredAt: at };
};

export type CustomerTraffic = {
  /** Events appended so far (every one of them on a customer stream). */
  appended(): number;
  /** Resolves once at least `count` customer events were appended. */
  reached(count: number): Promise<void>;
  /** Stops after the command in hand; resolves with what was appended in all. */
  stop(): Promise<{ events: number; customers: number }>;
};

/**
 * Keeps running commands against the store until stopped: about one in eight creates a
 * lead, the rest act on a random existing customer. `pauseMs` between commands keeps the
 * rate (and the volume a test must compare at the end) bounded.
 */
export const startCustomerTraffic = (
  eventStore: EventStore,
  options: { random: () => number; pauseMs?: number; start?: Date },
): CustomerTraffic => {
  const { random } = options;
  const clock = () => new Date();
  const directory = startOrganisationDirectory(eventStore);
  const registerLead = leadRegistration({ eventStore, clock, directory });
  const runCommand = customerCommandRunner({ eventStore, clock });
  const customers: string[] = [];
  let businessTime = (options.start ?? new Date("2025-01-01T08:00:00.000Z")).getTime();
  let events = 0;
  let stopped = false;
  let waiters: Array<() => void> = [];

  const context = (commandName: string) => ({
    actor: { id: pick(random, ["rep-1", "rep-2", "svc-1"]), role: "admin" },
    correlationId: randomUUID(),
    commandId: randomUUID(),
    commandName,
  });

  const step = async () => {
    businessTime += Math.floor(random() * 3 * 3_600_000);
    const at = new Date(businessTime).toISOString();
    if (customers.length === 0 || random() < 0.125) {
      // Unique names and emails: a second traffic on the same store must not meet duplicates.
      const tag = randomUUID().slice(0, 13);
      const lead = await registerLead(
        {
          name: `Customer ${tag}`,
          email: `customer-${tag}@example.com`,
          source: pick(random, LEAD_SOURCES),
          region: pick(random, ["north", "south", null]),
          ownerId: pick(random, ["rep-1", "rep-2", null]),
          expectedValue: Math.round(random() * 10_000),
          occurredAt: at,
        },
        context("createLead"),
      );
      customers.push(lead.customerId);
      return 1;
    }
    const customerId = pick(random, customers);
    const referred = customers.filter((id) => id !== customerId).slice(-10);
    try {
      const outcome = await runCommand(
        customerId,
        (state) => nextCommand(random, state, at, referred),
        context("command"),
      );
      return outcome.appended;
    } catch (error) {
      if (error instanceof DomainError) return 0;
      throw error;
    }
  };

  const running = (async () => {
    await directory.ready;
    while (!stopped) {
      events += await step();
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  })();

  return {
    appended: () => events,
    reached: async (count) => {
      while (events < count) {
        if (stopped) throw new Error(`traffic stopped at ${events} events, before ${count}`);
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), running]);
      }
    },
    stop: async () => {
      stopped = true;
      await running;
      await directory.stop();
      return { events, customers: customers.length };
    },
  };
};
