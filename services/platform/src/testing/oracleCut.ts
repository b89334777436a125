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

/** Customers that exist at asOf and match the filters (their value at asOf), with their facts up to asOf. */
export const customersAt = (all: readonly CustomerFacts[], cut: Cut) =>
  all.flatMap(({ customerId, facts }) => {
    const known = factsUpTo(facts, cut.asOf);
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
