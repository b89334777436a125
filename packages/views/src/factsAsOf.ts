import { isAtOrBefore } from "./businessTime.ts";
import type { ComplaintEntry, CustomerFacts } from "./customerFacts.ts";

/**
 * The facts as they stood at a business instant: entries with occurredAt <= at.
 * Null when the lead did not exist yet. `ownerId` stays the current owner, because
 * the views' filters match the current value; the owner then is in `owners`.
 */
export const factsAsOf = (facts: CustomerFacts, at: number): CustomerFacts | null => {
  if (!isAtOrBefore(facts.createdAt, at)) return null;
  const happened = <T extends { occurredAt: string }>(entries: readonly T[]) =>
    entries.filter((entry) => isAtOrBefore(entry.occurredAt, at));
  return {
    ...facts,
    owners: happened(facts.owners),
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
