import { fold } from "./oracleCustomer.ts";
import type { CustomerFacts, Fact } from "./oracleFacts.ts";

// A view's cut (sections 4 and 5): business time up to asOf, the window [from, to) on
// occurredAt, and the filters on the customer's value at asOf.

export type ViewQuery = {
  asOf?: string;
  from?: string;
  to?: string;
  ownerId?: string;
  source?: string;
  region?: string;
  target?: number;
  tier?: string;
  limit?: number;
};

/** A cut resolved: asOf defaults to `to` when a window end is given, else to the caller's now. */
export type Cut = { asOf: number; from: number | null; to: number | null; query: ViewQuery };

export const cutOf = (query: ViewQuery, now: string): Cut => ({
  asOf: Date.parse(query.asOf ?? query.to ?? now),
  from: query.from ? Date.parse(query.from) : null,
  to: query.to ? Date.parse(query.to) : null,
  query,
});

export const inWindow = (at: number, cut: Cut): boolean =>
  (cut.from === null || at >= cut.from) && (cut.to === null || at < cut.to);

export const factsUpTo = (facts: readonly Fact[], asOf: number): Fact[] =>
  facts.filter((fact) => fact.at <= asOf);

/**
 * Contract 9.2, the oracle's reading: once a duplicate is merged (by asOf) its orders (its win
 * included), complaints, interactions and referral credits are the survivor's, at their own
 * dates; its stage moves, owners and profile stay behind, and it is no customer of its own.
 */
const CARRIED = new Set([
  "PurchaseRecorded",
  "ComplaintFiled",
  "ComplaintAcknowledged",
  "ComplaintResolved",
  "InteractionLogged",
  "ReferralCredited",
]);
const carriedToSurvivor = (facts: readonly Fact[]): Fact[] =>
  facts.flatMap((fact): Fact[] => {
    if (fact.type === "StageAdvanced" && fact.to === "won")
      return [
        {
          at: fact.at,
          sequence: fact.sequence,
          actor: fact.actor,
          type: "PurchaseRecorded",
          amount: fact.amount ?? 0,
        },
      ];
    return CARRIED.has(fact.type) ? [fact] : [];
  });

const withMerges = (all: readonly CustomerFacts[], asOf: number): CustomerFacts[] => {
  const known = all.map(({ customerId, facts }) => ({ customerId, facts: factsUpTo(facts, asOf) }));
  const survivorOf = new Map<string, string>();
  for (const { customerId, facts } of known)
    for (const fact of facts) if (fact.type === "MergedInto") survivorOf.set(customerId, fact.survivorId);
  const finalSurvivor = (id: string): string => {
    const next = survivorOf.get(id);
    return next === undefined ? id : finalSurvivor(next);
  };
  const carried = new Map<string, Fact[]>();
  for (const { customerId, facts } of known) {
    const survivor = finalSurvivor(customerId);
    if (survivor !== customerId)
      carried.set(survivor, [...(carried.get(survivor) ?? []), ...carriedToSurvivor(facts)]);
  }
  return known
    .filter(({ customerId }) => !survivorOf.has(customerId))
    .map(({ customerId, facts }) => ({
      customerId,
      // The creation first: a duplicate's order may predate the survivor (as the domain's fold does).
      facts: [...facts, ...(carried.get(customerId) ?? [])].sort(
        (a, b) =>
          Number(b.type === "LeadCreated") - Number(a.type === "LeadCreated") ||
          a.at - b.at ||
          a.sequence - b.sequence,
      ),
    }));
};

/** Customers that exist at asOf and match the filters (their value at asOf), with their facts up to asOf. */
export const customersAt = (all: readonly CustomerFacts[], cut: Cut) =>
  withMerges(all, cut.asOf).flatMap(({ customerId, facts: known }) => {
    const now = fold(customerId, known);
    if (now === null) return [];
    const { ownerId, source, region } = cut.query;
    if (ownerId !== undefined && now.ownerId !== ownerId) return [];
    if (source !== undefined && now.source !== source) return [];
    if (region !== undefined && now.region !== region) return [];
    return [{ now, facts: known }];
  });

export const windowOf = (query: ViewQuery) => ({ from: query.from ?? null, to: query.to ?? null });
export const isoOf = (at: number): string => new Date(at).toISOString();
