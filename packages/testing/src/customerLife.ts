import { randomUUID } from "node:crypto";
import {
  COMPLAINT_CATEGORIES,
  type Customer,
  type CustomerCommand,
  type CustomerState,
  DEPARTMENTS,
  DIRECTIONS,
  INTERACTION_CHANNELS,
  LEAD_SOURCES,
  LOST_REASONS,
  OPEN_STAGES,
  type OpenStage,
  OUTCOMES,
  SEVERITIES,
} from "@crm/domain";
import type { SeededRandom as Random } from "./seededRandom.ts";

// The one generator of customer histories for tests and benchmarks: what a customer's year
// looks like, one command at a time, chosen from the state the domain folded so far. Leads
// move through the funnel (skips included), win or lose, buy again, complain and get
// answers, change hands, and get called a lot. The domain's own decider turns each command
// into events (callers pass over what it refuses), so every history is one the platform
// could really have recorded. The same seed gives the same history: the benchmarks' sizes
// and figures depend on it, so a new kind of step draws from the generator only where a
// caller asks for it (see NextCommandOptions).

export const OWNERS = ["rep-ana", "rep-bo", "rep-chen", "rep-dara", "rep-eli", "rep-fay"] as const;
const REGIONS = ["north", "south", "east", "west"] as const;
const WORDS = ["Orchid", "Harbor", "Summit", "Maple", "Granite", "Willow", "Falcon", "Juniper", "Cobalt"];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Steps the benchmarks' histories leave out, for the specs that need them. */
export type NextCommandOptions = {
  /** Customers this one may be credited for referring: late credits, as the referral reactor appends them. */
  referred?: readonly string[];
  /** Calls logged up to nine days after they happened (back-dated), the bitemporal reads' hard case. */
  backDatedCalls?: boolean;
};

export const createLeadCommand = (
  r: Random,
  customerId: string,
  index: number,
  at: string,
): CustomerCommand => ({
  type: "CreateLead",
  customerId,
  referrerExists: false,
  name: `Contact ${index}`,
  company: `${r.pick(WORDS)} ${index} Works`,
  email: `contact-${index}@bench.example`,
  phone: `+86 10 ${String(10_000_000 + index).slice(-8)}`,
  source: r.pick(LEAD_SOURCES.filter((source) => source !== "referral")),
  region: r.pick(REGIONS),
  industry: r.pick(["retail", "telecom", "logistics", null]),
  tags: r.chance(0.3) ? ["priority"] : [],
  ownerId: r.chance(0.12) ? null : r.pick(OWNERS),
  expectedValue: r.chance(0.85) ? r.money(1_000, 80_000) : null,
  occurredAt: at,
});

const interaction = (r: Random, at: string, options: NextCommandOptions): CustomerCommand => {
  const call = {
    type: "LogInteraction" as const,
    interactionId: randomUUID(),
    channel: r.pick(INTERACTION_CHANNELS),
    direction: r.pick(DIRECTIONS),
    department: r.pick(DEPARTMENTS),
    summary: "Talked through the proposal and the next order",
    outcome: r.chance(0.6) ? r.pick(OUTCOMES) : null,
    durationSeconds: r.chance(0.4) ? r.int(30, 3600) : null,
  };
  const daysLate = options.backDatedCalls ? r.int(0, 9) : 0;
  return {
    ...call,
    occurredAt: daysLate === 0 ? at : new Date(Date.parse(at) - daysLate * DAY).toISOString(),
  };
};

const stageMove = (r: Random, customer: Customer, at: string): CustomerCommand => {
  const { stage } = customer;
  if (stage === "lost") return { type: "AdvanceStage", stage: r.pick(["lead", "qualified"]), occurredAt: at };
  if (stage === "won")
    return { type: "AdvanceStage", stage: "lost", lostReason: r.pick(LOST_REASONS), occurredAt: at };
  const later = OPEN_STAGES.slice(OPEN_STAGES.indexOf(stage as OpenStage) + 1);
  const roll = r.next();
  if (roll < 0.6 && later.length > 0)
    return {
      type: "AdvanceStage",
      stage: later.length > 1 && r.chance(0.25) ? r.pick(later.slice(1)) : later[0]!,
      ...(r.chance(0.4) ? { expectedValue: r.money(500, 90_000) } : {}),
      occurredAt: at,
    };
  if (roll < 0.85)
    return { type: "AdvanceStage", stage: "won", amount: r.money(500, 50_000), occurredAt: at };
  return { type: "AdvanceStage", stage: "lost", lostReason: r.pick(LOST_REASONS), occurredAt: at };
};

const complaintStep = (r: Random, customer: Customer, at: string): CustomerCommand => {
  const open = [...customer.complaints.values()].find((complaint) => complaint.status !== "resolved");
  if (open?.status === "filed")
    return {
      type: "AcknowledgeComplaint",
      complaintId: open.complaintId,
      apologized: r.chance(0.7),
      occurredAt: at,
    };
  if (open?.status === "acknowledged")
    return {
      type: "ResolveComplaint",
      complaintId: open.complaintId,
      resolution: "Refunded the shipping",
      compensation: r.chance(0.6) ? r.money(10, 1_500) : null,
      occurredAt: at,
    };
  return {
    type: "FileComplaint",
    complaintId: randomUUID(),
    category: r.pick(COMPLAINT_CATEGORIES),
    severity: r.pick(SEVERITIES),
    description: "The order arrived two weeks late",
    occurredAt: at,
  };
};

/** The customer's next command, valid for the state given (the decider still has the last word). */
export const nextCustomerCommand = (
  r: Random,
  state: CustomerState,
  at: string,
  options: NextCommandOptions = {},
): CustomerCommand => {
  // No customer yet: the decider refuses whatever comes (not found), and callers pass it over.
  if (!state) return interaction(r, at, options);
  const customer: Customer = state;
  const roll = r.next();
  if (roll < 0.34) return interaction(r, at, options);
  if (roll < 0.56) return stageMove(r, customer, at);
  if (roll < 0.7 && customer.stage === "won")
    return {
      type: "RecordPurchase",
      orderId: `order-${customer.orders + 1}`,
      amount: r.money(50, 20_000),
      product: r.pick(WORDS),
      occurredAt: at,
    };
  if (roll < 0.82) return complaintStep(r, customer, at);
  if (roll < 0.9) {
    const ownerId = customer.ownerId !== null && r.chance(0.25) ? null : r.pick(OWNERS);
    return { type: "AssignOwner", ownerId, occurredAt: at };
  }
  const referred = options.referred ?? [];
  if (referred.length > 0 && r.chance(0.5))
    return { type: "CreditReferral", referredCustomerId: r.pick(referred), occurredAt: at };
  return interaction(r, at, options);
};

/** Business time moves on by a few hours to a couple of weeks between a customer's commands. */
export const later = (r: Random, at: number): number => at + r.int(1, 14 * 24) * HOUR + r.int(0, HOUR);

/** The recorded command name, as the API would have stamped it. */
export const commandName = (command: CustomerCommand): string =>
  command.type.charAt(0).toLowerCase() + command.type.slice(1);
