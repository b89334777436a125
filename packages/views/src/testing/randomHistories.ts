import {
  DomainError,
  LEAD_SOURCES,
  LOST_REASONS,
  type RecordedCustomerEvent,
  SEVERITIES,
  STAGES,
  stageMoveKind,
} from "@crm/domain";
import fc from "fast-check";
import { type CustomerHistory, customerHistory, customerIdOf } from "./customerHistory.ts";

// Random but valid CRM histories for property tests: random intents become commands, the
// domain's decider refuses the invalid ones (which are then dropped), so every history is
// one the CRM could really have recorded: skipped stages, win-backs, back-dated calls,
// referral credits appended late by the reactor, several customers sharing one system clock.

export const CUSTOMERS = 5;
export const HISTORY_START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The start of a day of the history, counted from its first (negative: before it). */
export const historyDay = (days: number): string => new Date(HISTORY_START + days * DAY).toISOString();
/** An instant from a few days before the history to a little after its year. */
export const instantNear = fc.integer({ min: -5, max: 400 }).map(historyDay);
/** A view's window and filters, each of them there or not. */
export const windowAndFilters = fc.record(
  {
    from: instantNear,
    to: instantNear,
    ownerId: fc.constantFrom("alice", "bob"),
    source: fc.constantFrom("web", "referral"),
    region: fc.constantFrom("north", "south"),
  },
  { requiredKeys: [] },
);

const KINDS = [
  "create",
  "advance",
  "advance",
  "advance",
  "interact",
  "backdatedInteract",
  "complain",
  "acknowledge",
  "resolve",
  "purchase",
  "assign",
  "reactor",
  // contract 9.1 / 9.2
  "profile",
  "merge",
  // Contract 9.3 / 9.4 (pool, follow-ups)
  "claim",
  "release",
  "idleRule",
  "scheduleFollowUp",
  "completeFollowUp",
] as const;

/** Who does the work, so activity per actor has several actors to tell apart. */
const ACTORS = [
  { id: "alice", role: "sales" },
  { id: "bob", role: "sales" },
  { id: "carol", role: "service" },
  { id: "dave", role: "admin" },
] as const;

const intent = fc.record({
  customer: fc.nat({ max: CUSTOMERS - 1 }),
  kind: fc.constantFrom(...KINDS),
  hoursLater: fc.constantFrom(0, 0, 1, 5, 24, 72, 240, 720),
  hoursBack: fc.nat({ max: 60 * 24 }),
  cents: fc.integer({ min: 1, max: 1_000_000 }),
  withValue: fc.boolean(),
  lostReason: fc.constantFrom(...LOST_REASONS),
  severity: fc.constantFrom(...SEVERITIES),
  source: fc.constantFrom(...LEAD_SOURCES),
  region: fc.constantFrom(null, "north", "south"),
  owner: fc.constantFrom(null, "alice", "bob"),
  referrer: fc.option(fc.nat({ max: CUSTOMERS - 1 })),
  pick: fc.nat(),
  actor: fc.constantFrom(...ACTORS),
});
type Intent = typeof intent extends fc.Arbitrary<infer T> ? T : never;

export const randomHistory: fc.Arbitrary<RecordedCustomerEvent[]> = fc
  .array(intent, { minLength: 5, maxLength: 80, size: "max" })
  .map(recordedHistory);

function recordedHistory(intents: readonly Intent[]): RecordedCustomerEvent[] {
  let business = HISTORY_START;
  let system = HISTORY_START;
  const systemClock = () => {
    system = Math.max(system + 60_000, business);
    return new Date(system).toISOString();
  };
  const histories = new Map<number, CustomerHistory>();
  const complaints = new Map<number, string[]>();
  const followUps = new Map<number, string[]>();
  let pendingCredits: { referrer: CustomerHistory; referredId: string; occurredAt: string }[] = [];
  // As the reactor does it: a referrer merged since is credited through its survivor.
  const survivorOf = (history: CustomerHistory): CustomerHistory => {
    const mergedInto = history.mergedInto();
    const survivor = [...histories.values()].find((other) => other.customerId === mergedInto);
    return survivor ? survivorOf(survivor) : history;
  };
  const runReactor = () => {
    for (const credit of pendingCredits)
      survivorOf(credit.referrer).creditReferral(credit.referredId, credit.occurredAt, systemClock());
    pendingCredits = [];
  };

  for (const next of intents) {
    business += next.hoursLater * HOUR;
    const at = new Date(business).toISOString();
    const amount = next.cents / 100;
    const history = histories.get(next.customer);
    try {
      if (next.kind === "reactor") runReactor();
      else if (!history) {
        // Whatever was intended for a customer that does not exist yet creates it.
        const referrer = next.referrer === null ? undefined : histories.get(next.referrer);
        const created = customerHistory(customerIdOf(next.customer + 1), systemClock).create(at, {
          source: next.source,
          region: next.region,
          ownerId: next.owner,
          expectedValue: next.withValue ? amount : undefined,
          referredBy: referrer?.customerId,
        });
        histories.set(next.customer, created);
        if (referrer) pendingCredits.push({ referrer, referredId: created.customerId, occurredAt: at });
      } else if (next.kind === "merge") {
        // Merged only when both sides still stand, as the application checks before appending.
        const survivor = histories.get(next.pick % CUSTOMERS);
        if (survivor && survivor !== history && !survivor.mergedInto() && !history.mergedInto())
          history.mergeInto(survivor, at);
      } else if (history) act(history.actAs(next.actor), next, at, amount, complaints, followUps);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  runReactor();
  return [...histories.values()].flatMap((history) => history.events);
}

function act(
  history: CustomerHistory,
  next: Intent,
  at: string,
  amount: number,
  complaints: Map<number, string[]>,
  followUps: Map<number, string[]>,
) {
  const filed = complaints.get(next.customer) ?? [];
  const anyComplaint = filed[next.pick % Math.max(filed.length, 1)] ?? "none";
  switch (next.kind) {
    case "create":
    case "advance": {
      // One of the moves the funnel allows from where the customer stands.
      const from = history.stage()!;
      const allowed = STAGES.filter((to) => stageMoveKind(from, to) !== null);
      const stage = allowed[next.pick % allowed.length]!;
      history.advance(stage, at, {
        amount: stage === "won" ? amount : undefined,
        lostReason: stage === "lost" ? next.lostReason : undefined,
        expectedValue: next.withValue && stage !== "won" ? amount : undefined,
      });
      return;
    }
    case "interact":
      history.interact(at);
      return;
    case "backdatedInteract":
      history.interact(new Date(Date.parse(at) - next.hoursBack * HOUR).toISOString());
      return;
    case "complain": {
      const complaintId = `${history.customerId}/k${filed.length}`;
      history.fileComplaint(complaintId, next.severity, at);
      complaints.set(next.customer, [...filed, complaintId]);
      return;
    }
    case "acknowledge":
      history.acknowledge(anyComplaint, at);
      return;
    case "resolve":
      history.resolve(anyComplaint, at, next.withValue ? amount : undefined);
      return;
    case "purchase":
      history.purchase(amount, at);
      return;
    case "assign":
      history.assignOwner(next.owner, at);
      return;
    case "profile":
      history.updateProfile({ region: next.region }, at);
      return;
    case "merge":
      return;
    // Contract 9.3 / 9.4 (pool, follow-ups)
    case "claim":
      history.claim(next.owner ?? next.actor.id, at);
      return;
    case "release":
      history.release(at);
      return;
    case "idleRule":
      history.returnIfIdle(30, at);
      return;
    case "scheduleFollowUp": {
      const booked = followUps.get(next.customer) ?? [];
      const dueAt = new Date(Date.parse(at) + next.hoursBack * HOUR).toISOString();
      followUps.set(next.customer, [...booked, history.scheduleFollowUp(next.actor.id, dueAt, at)]);
      return;
    }
    case "completeFollowUp": {
      const booked = followUps.get(next.customer) ?? [];
      history.completeFollowUp(booked[next.pick % Math.max(booked.length, 1)] ?? "none", at);
      return;
    }
    // end 9.3 / 9.4
  }
}
