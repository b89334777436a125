import type { CustomerFacts } from "./customerFacts.ts";

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
