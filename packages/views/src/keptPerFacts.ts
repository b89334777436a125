import type { CustomerFacts } from "./customerFacts.ts";
import type { CustomerAsOf } from "./customersAsOf.ts";

/**
 * A figure derived from one customer's facts, computed once per facts object. Documents are
 * never changed in place (a projection returns a new one) and the cut lists of an unchanged
 * read model are shared between requests (customersAsOf), so the figure serves every request
 * until the projection replaces the document.
 */
export const keptPerFacts = <T>(derive: (facts: CustomerFacts) => T): ((facts: CustomerFacts) => T) => {
  const kept = new WeakMap<CustomerFacts, T>();
  return (facts) => {
    if (kept.has(facts)) return kept.get(facts) as T;
    const figure = derive(facts);
    kept.set(facts, figure);
    return figure;
  };
};

/** The latest business instant of the given entries, -Infinity when there are none. */
export const latestOf = (instants: Iterable<number>): number => {
  let latest = Number.NEGATIVE_INFINITY;
  for (const at of instants) if (at > latest) latest = at;
  return latest;
};

/**
 * What a view derives from a list of cut customers that does not depend on the instant of the
 * cut, kept per list and per key (the window, say). customersAsOf hands the same list for every
 * cut after everything the read model holds, so a view without asOf derives this once per change
 * of the read model, and per request only what moves with "now" (stale deals, risks, recency).
 */
export const keptPerList = <T>(
  derive: (customers: readonly CustomerAsOf[], key: string) => T,
): ((customers: readonly CustomerAsOf[], key: string) => T) => {
  const kept = new WeakMap<readonly CustomerAsOf[], Map<string, T>>();
  return (customers, key) => {
    let byKey = kept.get(customers);
    if (!byKey) {
      byKey = new Map();
      kept.set(customers, byKey);
    }
    if (byKey.has(key)) return byKey.get(key) as T;
    const derived = derive(customers, key);
    if (byKey.size >= KEYS_KEPT) byKey.clear();
    byKey.set(key, derived);
    return derived;
  };
};

const KEYS_KEPT = 64;
