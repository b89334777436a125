import { isAtOrBefore } from "./businessTime.ts";
import type { ComplaintEntry, CustomerFacts } from "./customerFacts.ts";

/**
 * The facts as they stood at a business instant: entries with occurredAt <= at.
 * Null when the lead did not exist yet. `ownerId` and `region` become those at that instant:
 * a view as of a past date sees the customer as it was then, its owner included.
 */
export const factsAsOf = (facts: CustomerFacts, at: number): CustomerFacts | null => {
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
