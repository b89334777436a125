import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerSnapshot, customerSnapshot } from "./customerSnapshot.ts";
import { factsAsOf } from "./factsAsOf.ts";
import { mergesAsOf } from "./mergesAsOf.ts";
import { type CustomerFilter, matchesFilter } from "./viewParams.ts";

/** One customer as a view sees it: its facts cut at asOf, and where it stood then. */
export type CustomerAsOf = { facts: CustomerFacts; snapshot: CustomerSnapshot };

/**
 * The customers whose lead existed at asOf and who matched the filter then: "their
 * current value" is the value at the view's cut (an owner assigned later does not
 * reach back into a past answer). A pair merged by then is one customer (contract 9.2).
 */
export const customersAsOf = (
  documents: readonly CustomerFacts[],
  asOf: number,
  filter: CustomerFilter,
): CustomerAsOf[] =>
  mergesAsOf(
    documents.flatMap((document) => factsAsOf(document, asOf) ?? []),
    asOf,
  ).flatMap((facts) => (matchesFilter(facts, filter) ? [{ facts, snapshot: snapshotOf(facts) }] : []));

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
