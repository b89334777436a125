import { instant } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerSnapshot, customerSnapshot } from "./customerSnapshot.ts";
import { factsAsOf, latestMomentOf } from "./factsAsOf.ts";
import { mergesAsOf } from "./mergesAsOf.ts";
import { type CustomerFilter, matchesFilter } from "./viewParams.ts";

/** One customer as a view sees it: its facts cut at asOf, and where it stood then. */
export type CustomerAsOf = { facts: CustomerFacts; snapshot: CustomerSnapshot };

/**
 * The customers whose lead existed at asOf and who matched the filter then: "their
 * current value" is the value at the view's cut (an owner assigned later does not
 * reach back into a past answer). A pair merged by then is one customer (contract 9.2).
 * The list is shared between calls: callers read it, never change it.
 */
export const customersAsOf = (
  documents: readonly CustomerFacts[],
  asOf: number,
  filter: CustomerFilter,
): readonly CustomerAsOf[] => {
  const kept = keptFor(documents);
  // A cut at or after everything the documents hold cuts nothing, whatever its instant: the
  // answer for "now" is the same list from one request to the next until the documents change.
  if (asOf < kept.latest) return cutAt(documents, asOf).filter(({ facts }) => matchesFilter(facts, filter));
  kept.everything ??= cutAt(documents, asOf);
  const key = filterKey(filter);
  if (key === "") return kept.everything;
  let matching = kept.byFilter.get(key);
  if (!matching) {
    matching = kept.everything.filter(({ facts }) => matchesFilter(facts, filter));
    // Filters are the callers' values (any owner id): the memory is bounded, never the answer.
    if (kept.byFilter.size >= FILTERS_KEPT) kept.byFilter.clear();
    kept.byFilter.set(key, matching);
  }
  return matching;
};

const FILTERS_KEPT = 256;

const cutAt = (documents: readonly CustomerFacts[], asOf: number): CustomerAsOf[] =>
  mergesAsOf(
    documents.flatMap((document) => factsAsOf(document, asOf) ?? []),
    asOf,
  ).map((facts) => ({ facts, snapshot: snapshotOf(facts) }));

const filterKey = ({ ownerId, source, region }: CustomerFilter): string =>
  ownerId === undefined && source === undefined && region === undefined
    ? ""
    : JSON.stringify([ownerId ?? null, source ?? null, region ?? null]);

// The read model hands the same array for as long as its documents are unchanged
// (read-models' viewQueries), and documents are never changed in place: what is derived from
// an array can be kept beside it for as long as it lives.
type Kept = {
  /** The latest business instant in any document, its merge included. */
  latest: number;
  everything?: CustomerAsOf[];
  byFilter: Map<string, CustomerAsOf[]>;
};
const kept = new WeakMap<readonly CustomerFacts[], Kept>();
const keptFor = (documents: readonly CustomerFacts[]): Kept => {
  let found = kept.get(documents);
  if (!found) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const document of documents) {
      latest = Math.max(latest, latestMomentOf(document));
      if (document.mergedInto) latest = Math.max(latest, instant(document.mergedInto.occurredAt));
    }
    found = { latest, byFilter: new Map() };
    kept.set(documents, found);
  }
  return found;
};

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
