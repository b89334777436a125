import type { CustomerFacts } from "./customerFacts.ts";
import type { CustomerAsOf } from "./customersAsOf.ts";
import { listChangeOf } from "./listChanges.ts";

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

/**
 * A figure summed over the customers of a list: `add` puts one customer's part in (sign 1) or
 * takes it out (sign -1), a pure function of the customer and what `empty` put in the sum for
 * the key (the window, say). Exact parts only: counts, whole cents, whole milliseconds, sorted
 * lists; so taking a part out leaves what the sum was before it went in.
 */
export type Summed<S, T, I = CustomerAsOf> = {
  empty: (key: string) => S;
  add: (sum: S, item: I, sign: 1 | -1) => void;
  answer: (sum: S) => T;
};

/**
 * keptPerList for a sum: a list patched from one whose sum is kept (listChanges.ts) takes that sum
 * over, the customers that left taken out and those that joined put in, so the first answer
 * after a write costs what the write changed, not the whole list. The answer is made anew from
 * the sum each time it moves: never a view of the sum itself.
 */
export const summedPerList = <S, T, I = CustomerAsOf>(
  summed: Summed<S, T, I>,
): ((customers: readonly I[], key: string) => T) => {
  const kept = new WeakMap<readonly I[], Map<string, { sum: S; answer: T }>>();
  return (customers, key) => {
    let byKey = kept.get(customers);
    if (!byKey) {
      byKey = new Map();
      kept.set(customers, byKey);
    }
    const found = byKey.get(key);
    if (found) return found.answer;
    const change = listChangeOf(customers);
    const before = change && kept.get(change.previous);
    const carried = before?.get(key);
    let sum: S;
    if (change && before && carried) {
      // The sum moves on with the list: the list before answers from scratch if asked again.
      before.delete(key);
      sum = carried.sum;
      for (const customer of change.removed) summed.add(sum, customer, -1);
      for (const customer of change.added) summed.add(sum, customer, 1);
    } else {
      sum = summed.empty(key);
      for (const customer of customers) summed.add(sum, customer, 1);
    }
    const answer = summed.answer(sum);
    if (byKey.size >= KEYS_KEPT) byKey.clear();
    byKey.set(key, { sum, answer });
    return answer;
  };
};
