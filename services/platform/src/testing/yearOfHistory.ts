import {
  COMPLAINT_CATEGORIES,
  DEPARTMENTS,
  DIRECTIONS,
  INTERACTION_CHANNELS,
  LOST_REASONS,
  OPEN_STAGES,
  type OpenStage,
  OUTCOMES,
  SEVERITIES,
  type Stage,
} from "@crm/domain";
import { type SeededRandom, seededRandom } from "@crm/testing";

// A realistic year of CRM activity, planned as the requests a client would send:
// leads from several sources, regions and owners, referrals, stage moves (skips
// included), wins, losses from every stage, post-sale churn, win-backs and second
// wins, purchases, back-dated interactions, complaints with compensation, owner
// changes and releases to the pool, profile corrections (a region, an email) and merged
// duplicates (contract 9.1, 9.2). Deterministic for a seed and an end instant.

export type CommandName =
  | "createLead"
  | "advanceStage"
  | "logInteraction"
  | "fileComplaint"
  | "acknowledgeComplaint"
  | "resolveComplaint"
  | "recordPurchase"
  | "assignOwner"
  // contract 9.1 / 9.2
  | "updateProfile"
  | "mergeCustomer"
  // Contract 9.3 / 9.4
  | "claimCustomer"
  | "releaseCustomer"
  | "scheduleFollowUp"
  | "completeFollowUp";

export type PlannedCommand = {
  customerId: string;
  command: CommandName;
  /** Names a complaint filed earlier in the plan; the server gives its real id. */
  complaintRef?: string;
  /** Names a follow-up booked earlier in the plan; the server gives its real id. */
  followUpRef?: string;
  body: Record<string, unknown> & { occurredAt: string };
  /** When the client sends it: at occurredAt, except an interaction logged days later. */
  sendAt: number;
};

export type YearOfHistory = { start: string; end: string; commands: PlannedCommand[] };

export const OWNERS = ["rep-ana", "rep-bo", "rep-chen", "rep-dara"] as const;
export const REGIONS = ["north", "south", "east", "west"] as const;
const SOURCES = [
  "web",
  "web",
  "web",
  "event",
  "cold_call",
  "cold_call",
  "partner",
  "ad",
  "ad",
  "other",
] as const;
const WORDS = ["Orchid", "Harbor", "Summit", "Maple", "Granite", "Willow", "Falcon", "Juniper", "Cobalt"];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Step = {
  at: number;
  command: CommandName;
  body: Record<string, unknown>;
  complaintRef?: string;
  followUpRef?: string;
  sendAt?: number;
};

/** What every part of a year's plan draws from: the seeded random source, the year's end, and unique instants. */
type Year = { r: SeededRandom; end: number; unique: (at: number) => number };

/** Business instants are unique across the whole year, so business order never needs a tie-break. */
const instants = () => {
  const used = new Set<number>();
  return (at: number): number => {
    let free = Math.round(at);
    while (used.has(free)) free += 1;
    used.add(free);
    return free;
  };
};

const salesLine = ({ r, end, unique }: Year, createdAt: number) => {
  const steps: Step[] = [];
  // Widened: `move` changes it inside the loop.
  let stage = "lead" as Stage;
  let at = createdAt;
  let reopens = 0;
  let orderNo = 0;
  const move = (to: Stage, extra: Record<string, unknown> = {}) => {
    steps.push({ at: unique(at), command: "advanceStage", body: { stage: to, ...extra } });
    stage = to;
  };
  for (;;) {
    if (stage === "won") {
      for (let purchases = r.int(0, 4); purchases > 0; purchases -= 1) {
        at += r.int(5, 70) * DAY + r.int(0, DAY);
        if (at > end) return steps;
        orderNo += 1;
        const body = { orderId: `order-${orderNo}`, amount: r.money(50, 20_000), product: r.pick(WORDS) };
        steps.push({ at: unique(at), command: "recordPurchase", body });
      }
      at += r.int(5, 90) * DAY + r.int(0, DAY);
      if (at > end || !r.chance(0.35)) return steps;
      move("lost", { lostReason: r.pick(LOST_REASONS) });
      continue;
    }
    if (stage === "lost") {
      at += r.int(5, 60) * DAY + r.int(0, DAY);
      if (reopens >= 2 || at > end || !r.chance(0.5)) return steps;
      reopens += 1;
      move(r.pick(["lead", "qualified"] as const), { note: "Win-back attempt" });
      continue;
    }
    at += r.int(1, 40) * DAY + r.int(0, DAY);
    const roll = r.next();
    if (at > end || roll < 0.15) return steps;
    const later = OPEN_STAGES.slice(OPEN_STAGES.indexOf(stage as OpenStage) + 1);
    if (roll < 0.55 && later.length > 0) {
      const to = later.length > 1 && r.chance(0.3) ? r.pick(later.slice(1)) : (later[0] as OpenStage);
      move(to, r.chance(0.4) ? { expectedValue: r.money(500, 90_000) } : {});
    } else if (roll < 0.8) move("won", { amount: r.money(500, 50_000) });
    else {
      move("lost", { lostReason: r.pick(LOST_REASONS), ...(r.chance(0.3) ? { lostNote: "Noted" } : {}) });
      // The rep logs the call that lost the deal after marking it lost: back-dated before the loss.
      if (r.chance(0.35)) {
        const body = { channel: "call", direction: "outbound", summary: "They went another way" };
        const sendAt = at + r.int(HOUR, DAY);
        steps.push({ at: unique(at - r.int(HOUR, 12 * HOUR)), command: "logInteraction", body, sendAt });
      }
    }
  }
};

const interactions = ({ r, end, unique }: Year, createdAt: number) =>
  Array.from({ length: r.int(0, 5) }, (): Step => {
    const at = unique(createdAt + r.int(HOUR, end - createdAt));
    const body = {
      channel: r.pick(INTERACTION_CHANNELS),
      direction: r.pick(DIRECTIONS),
      summary: "Talked about the next order",
      ...(r.chance(0.5) ? { department: r.pick(DEPARTMENTS) } : {}),
      ...(r.chance(0.6) ? { outcome: r.pick(OUTCOMES) } : {}),
      ...(r.chance(0.4) ? { durationSeconds: r.int(30, 3600) } : {}),
    };
    // A third are logged hours to days after they happened: back-dated.
    const sendAt = r.chance(0.35) ? at + r.int(2 * HOUR, 5 * DAY) : at;
    return { at, command: "logInteraction", body, sendAt };
  });

const complaints = ({ r, end, unique }: Year, customer: string, since: number, likelihood: number) => {
  const steps: Step[] = [];
  const count = r.chance(likelihood) ? r.int(1, 4) : 0;
  // Repeat complainers file within a few weeks of each other.
  const firstAt = since + r.int(HOUR, Math.max(HOUR, end - since));
  const spread = r.chance(0.5) ? 40 * DAY : Math.max(0, end - since);
  for (let n = 0; n < count; n += 1) {
    const complaintRef = `${customer}/complaint-${n}`;
    const filedAt = firstAt + r.int(0, spread);
    if (filedAt > end) continue;
    const filed = {
      category: r.pick(COMPLAINT_CATEGORIES),
      severity: r.pick(SEVERITIES),
      description: "Late",
    };
    steps.push({ at: unique(filedAt), command: "fileComplaint", body: filed, complaintRef });
    const acknowledgedAt = filedAt + r.int(HOUR, 96 * HOUR);
    if (acknowledgedAt > end || !r.chance(0.8)) continue;
    const acknowledge = { apologized: r.chance(0.7) };
    steps.push({
      at: unique(acknowledgedAt),
      command: "acknowledgeComplaint",
      body: acknowledge,
      complaintRef,
    });
    const resolvedAt = acknowledgedAt + r.int(HOUR, 14 * DAY);
    if (resolvedAt > end || !r.chance(0.75)) continue;
    const compensation = r.chance(0.25) ? r.money(20_000, 90_000) : r.money(10, 1_500);
    const resolve = { resolution: "Refunded the shipping", ...(r.chance(0.6) ? { compensation } : {}) };
    steps.push({ at: unique(resolvedAt), command: "resolveComplaint", body: resolve, complaintRef });
  }
  return steps;
};

const ownerChanges = ({ r, end, unique }: Year, firstOwner: string | null, createdAt: number) => {
  const times = Array.from({ length: r.chance(0.3) ? r.int(1, 3) : 0 }, () =>
    unique(createdAt + r.int(HOUR, end - createdAt)),
  ).sort((a, b) => a - b);
  let owner = firstOwner;
  const steps: Step[] = [];
  for (const at of times) {
    // Contract 9.3: a pool customer is often claimed by a rep; an owned one sometimes given back.
    if (owner === null && r.chance(0.6)) {
      owner = POOL_CLAIMANT;
      steps.push({ at, command: "claimCustomer", body: {} });
      continue;
    }
    if (owner !== null && r.chance(0.2)) {
      owner = null;
      steps.push({ at, command: "releaseCustomer", body: { note: "no budget this year" } });
      continue;
    }
    const next = owner !== null && r.chance(0.3) ? null : r.pick(OWNERS.filter((rep) => rep !== owner));
    owner = next;
    steps.push({ at, command: "assignOwner", body: { ownerId: next } });
  }
  return steps;
};

/** Who claims in the plan: the sales key's actor (a claim makes the caller the owner). */
export const POOL_CLAIMANT = "sales-actor";
const FOLLOW_UP_ASSIGNEES = [...OWNERS, "service-actor"] as const;

/** Contract 9.4: calls booked for a rep or a colleague in service, most of them done later. */
const followUps = ({ r, end, unique }: Year, customer: string, createdAt: number) => {
  const steps: Step[] = [];
  const count = r.chance(0.4) ? r.int(1, 3) : 0;
  for (let n = 0; n < count; n++) {
    const bookedAt = unique(createdAt + r.int(HOUR, end - createdAt));
    const dueAt = bookedAt + r.int(HOUR, 14 * DAY);
    const followUpRef = `${customer}/follow-up-${n}`;
    const body = {
      title: `Call back ${n + 1}`,
      dueAt: new Date(dueAt).toISOString(),
      assigneeId: r.pick(FOLLOW_UP_ASSIGNEES),
    };
    steps.push({ at: bookedAt, command: "scheduleFollowUp", body, followUpRef });
    const doneAt = bookedAt + r.int(HOUR, 20 * DAY);
    if (doneAt < end && r.chance(0.7))
      steps.push({
        at: unique(doneAt),
        command: "completeFollowUp",
        body: { outcome: r.pick(OUTCOMES) },
        followUpRef,
      });
  }
  return steps;
};

export const yearOfHistory = (options: { seed: number; end: Date; customers: number }): YearOfHistory => {
  const r = seededRandom(options.seed);
  const unique = instants();
  const end = options.end.getTime();
  const year: Year = { r, end, unique };
  const start = end - 365 * DAY;
  const creations = Array.from({ length: options.customers }, () => start + r.int(0, 363 * DAY)).sort(
    (a, b) => a - b,
  );
  const created: string[] = [];
  const commands: PlannedCommand[] = [];
  creations.forEach((createdAtRaw, index) => {
    const customerId = r.uuid();
    const createdAt = unique(createdAtRaw);
    const ownerId = r.chance(0.12) ? null : r.pick(OWNERS);
    const referrer = created.length > 5 && r.chance(0.18) ? r.pick(created) : null;
    const lead = {
      customerId,
      name: `Contact ${index}`,
      company: `${r.pick(WORDS)} ${index} Works`,
      email: `contact-${index}@year-${options.seed}.example`,
      source: referrer ? "referral" : r.pick(SOURCES),
      region: r.pick(REGIONS),
      ...(ownerId ? { ownerId } : {}),
      ...(r.chance(0.85) ? { expectedValue: r.money(1_000, 80_000) } : {}),
      ...(referrer ? { referredBy: referrer } : {}),
    };
    const sales = salesLine(year, createdAt);
    // Customers complain mostly about what they bought: after their first win.
    const firstWin = sales.find((step) => step.body.stage === "won")?.at;
    const steps: Step[] = [
      { at: createdAt, command: "createLead", body: lead },
      ...sales,
      ...interactions(year, createdAt),
      ...complaints(year, customerId, firstWin ?? createdAt, firstWin ? 0.5 : 0.15),
      ...ownerChanges(year, ownerId, createdAt),
      ...followUps(year, customerId, createdAt),
    ];
    if (r.chance(0.2)) {
      // A rep corrects the region, sometimes the email too.
      const at = unique(createdAt + r.int(HOUR, end - createdAt));
      const body = {
        region: r.pick(REGIONS.filter((region) => region !== lead.region)),
        ...(r.chance(0.4) ? { email: `contact-${index}.new@year-${options.seed}.example` } : {}),
      };
      steps.push({ at, command: "updateProfile", body });
    }
    for (const step of steps)
      commands.push({
        customerId,
        command: step.command,
        ...(step.complaintRef ? { complaintRef: step.complaintRef } : {}),
        ...(step.followUpRef ? { followUpRef: step.followUpRef } : {}),
        body: { ...step.body, occurredAt: new Date(step.at).toISOString() },
        sendAt: step.sendAt ?? step.at,
      });
    created.push(customerId);
  });
  const merged = mergeDuplicates(year, commands, created);
  merged.sort((a, b) => a.sendAt - b.sendAt);
  return { start: new Date(start).toISOString(), end: options.end.toISOString(), commands: merged };
};

/**
 * Contract 9.2: some customers turn out to be duplicates of others and are merged into them. A
 * duplicate is never a referrer (the reactor would credit its survivor, which the client's record
 * could not know) nor a survivor (chains are the views' property tests' job); whatever it would
 * have done after the merge is not sent, since a merged customer takes no commands.
 */
const mergeDuplicates = (
  { r, end, unique }: Year,
  commands: readonly PlannedCommand[],
  customers: readonly string[],
): PlannedCommand[] => {
  const referrers = new Set(
    commands.flatMap(({ body }) => (typeof body.referredBy === "string" ? [body.referredBy] : [])),
  );
  const createdAt = new Map(
    commands
      .filter(({ command }) => command === "createLead")
      .map(({ customerId, body }) => [customerId, Date.parse(body.occurredAt)]),
  );
  const survivors = new Set<string>();
  const mergeAt = new Map<string, number>();
  const merges: PlannedCommand[] = [];
  for (const duplicate of customers) {
    if (referrers.has(duplicate) || survivors.has(duplicate) || !r.chance(0.08)) continue;
    const survivor = r.pick(customers.filter((id) => id !== duplicate && !mergeAt.has(id)));
    const after = Math.max(createdAt.get(duplicate) ?? end, createdAt.get(survivor) ?? end) + DAY;
    if (after >= end) continue;
    const at = unique(after + r.int(0, end - after));
    survivors.add(survivor);
    mergeAt.set(duplicate, at);
    const body = {
      duplicateId: duplicate,
      ...(r.chance(0.5) ? { note: "Same company" } : {}),
      occurredAt: new Date(at).toISOString(),
    };
    merges.push({ customerId: survivor, command: "mergeCustomer", body, sendAt: at });
  }
  const beforeItsMerge = ({ customerId, body, sendAt }: PlannedCommand) => {
    const at = mergeAt.get(customerId);
    return at === undefined || (Date.parse(body.occurredAt) < at && sendAt < at);
  };
  return [...commands.filter(beforeItsMerge), ...merges];
};
