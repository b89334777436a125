import { instant, isAtOrBefore } from "./businessTime.ts";
import type { ComplaintEntry, CustomerFacts } from "./customerFacts.ts";

/**
 * The facts as they stood at a business instant: entries with occurredAt <= at.
 * Null when the lead did not exist yet. `ownerId` and `region` become those at that instant:
 * a view as of a past date sees the customer as it was then, its owner included.
 */
export const factsAsOf = (facts: CustomerFacts, at: number): CustomerFacts | null => {
  // The common case, a cut after everything the customer did (its creation included): nothing
  // to cut, nothing to copy.
  if (latestMomentOf(facts) <= at) {
    const ownerId = facts.owners.at(-1)?.ownerId ?? null;
    const region = facts.regions === undefined ? facts.region : (facts.regions.at(-1)?.region ?? null);
    return ownerId === facts.ownerId && region === facts.region ? facts : { ...facts, ownerId, region };
  }
  if (!isAtOrBefore(facts.createdAt, at)) return null;
  const happened = <T extends { occurredAt: string }>(entries: readonly T[]) =>
    entries.filter((entry) => isAtOrBefore(entry.occurredAt, at));
  const owners = happened(facts.owners);
  const regions = facts.regions === undefined ? undefined : happened(facts.regions);
  return {
    ...facts,
    ownerId: owners.at(-1)?.ownerId ?? null,
    // Like the owner, the region filter matches the region the customer had at the cut (9.1).
    ...(regions === undefined ? {} : { regions, region: regions.at(-1)?.region ?? null }),
    owners,
    expectedValues: happened(facts.expectedValues),
    stageMoves: happened(facts.stageMoves),
    interactions: happened(facts.interactions),
    orders: happened(facts.orders),
    referralCredits: happened(facts.referralCredits),
    complaints: facts.complaints
      .filter((complaint) => isAtOrBefore(complaint.filedAt, at))
      .map((complaint) => complaintAsOf(complaint, at)),
  };
};

const complaintAsOf = (complaint: ComplaintEntry, at: number): ComplaintEntry => {
  const acknowledged = complaint.acknowledgedAt !== null && isAtOrBefore(complaint.acknowledgedAt, at);
  const resolved = complaint.resolvedAt !== null && isAtOrBefore(complaint.resolvedAt, at);
  return {
    ...complaint,
    acknowledgedAt: acknowledged ? complaint.acknowledgedAt : null,
    resolvedAt: resolved ? complaint.resolvedAt : null,
    compensation: resolved ? complaint.compensation : null,
  };
};

// Documents are never changed in place (a projection returns a new one), so what is derived
// from one can be kept beside it for as long as it lives.
const latestMoments = new WeakMap<CustomerFacts, number>();

/**
 * The latest business instant anywhere in the facts, or +Infinity when cutting could change
 * something it does not date (a compensation on an unresolved complaint).
 */
export const latestMomentOf = (facts: CustomerFacts): number => {
  let latest = latestMoments.get(facts);
  if (latest !== undefined) return latest;
  latest = instant(facts.createdAt);
  const dated = [
    ...facts.owners,
    ...facts.expectedValues,
    ...facts.stageMoves,
    ...facts.interactions,
    ...facts.orders,
    ...facts.referralCredits,
    ...(facts.regions ?? []),
  ];
  for (const entry of dated) latest = Math.max(latest, instant(entry.occurredAt));
  for (const complaint of facts.complaints) {
    if (complaint.resolvedAt === null && complaint.compensation !== null) latest = Number.POSITIVE_INFINITY;
    for (const at of [complaint.filedAt, complaint.acknowledgedAt, complaint.resolvedAt])
      if (at !== null) latest = Math.max(latest, instant(at));
  }
  latestMoments.set(facts, latest);
  return latest;
};
