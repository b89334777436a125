import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerSnapshot, customerSnapshot } from "./customerSnapshot.ts";
import { factsAsOf } from "./factsAsOf.ts";
import { type CustomerFilter, matchesFilter } from "./viewParams.ts";

/** One customer as a view sees it: its facts cut at asOf, and where it stood then. */
export type CustomerAsOf = { facts: CustomerFacts; snapshot: CustomerSnapshot };

/**
 * The customers whose lead existed at asOf and who matched the filter then: "their
 * current value" is the value at the view's cut (an owner assigned later does not
 * reach back into a past answer).
 */
export const customersAsOf = (
  documents: readonly CustomerFacts[],
  asOf: number,
  filter: CustomerFilter,
): CustomerAsOf[] =>
  documents.flatMap((document) => {
    const facts = factsAsOf(document, asOf);
    if (facts === null || !matchesFilter(facts, filter)) return [];
    return [{ facts, snapshot: snapshotOf(facts) }];
  });

// A document cut at nothing is the document itself, so its snapshot serves every request
// until the projection replaces the document.
const snapshots = new WeakMap<CustomerFacts, CustomerSnapshot>();
const snapshotOf = (facts: CustomerFacts): CustomerSnapshot => {
  let snapshot = snapshots.get(facts);
  if (!snapshot) {
    snapshot = customerSnapshot(facts);
    snapshots.set(facts, snapshot);
  }
  return snapshot;
};
