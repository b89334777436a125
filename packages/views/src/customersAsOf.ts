import { instant } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerSnapshot, customerSnapshot } from "./customerSnapshot.ts";
import { factsAsOf, latestMomentOf } from "./factsAsOf.ts";
import { listChangeOf, patchedDocuments, recordListChange } from "./listChanges.ts";
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
    matching =
      filteredAfterChange(kept, key, filter) ??
      kept.everything.filter(({ facts }) => matchesFilter(facts, filter));
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
  ).map(customerAt);

const customerAt = (facts: CustomerFacts): CustomerAsOf => ({ facts, snapshot: snapshotOf(facts) });

const filterKey = ({ ownerId, source, region }: CustomerFilter): string =>
  ownerId === undefined && source === undefined && region === undefined
    ? ""
    : JSON.stringify([ownerId ?? null, source ?? null, region ?? null]);

// The read model hands the same array for as long as its documents are unchanged
// (read-models' viewQueries), and documents are never changed in place: what is derived from
// an array can be kept beside it for as long as it lives. An array patched from another
// (listChanges.ts) takes over what was derived from that one, re-cutting only what changed.
type Kept = {
  /** The latest business instant in any document, its merge included (an upper bound after a change). */
  latest: number;
  everything?: readonly CustomerAsOf[];
  byFilter: Map<string, readonly CustomerAsOf[]>;
  /** Every customer on either side of a merge: a change to one re-cuts the whole list. */
  merging: Set<string>;
  /** What the documents before this array had kept, and the customers that changed, until the next change. */
  after?: { before: Kept; changed: Set<string>; joined: readonly CustomerAsOf[] };
};
const kept = new WeakMap<readonly CustomerFacts[], Kept>();

const latestOf = (document: CustomerFacts): number =>
  document.mergedInto
    ? Math.max(latestMomentOf(document), instant(document.mergedInto.occurredAt))
    : latestMomentOf(document);

const keptFor = (documents: readonly CustomerFacts[]): Kept => {
  const found = kept.get(documents) ?? carried(documents) ?? fresh(documents);
  kept.set(documents, found);
  return found;
};

const fresh = (documents: readonly CustomerFacts[]): Kept => {
  let latest = Number.NEGATIVE_INFINITY;
  const merging = new Set<string>();
  for (const document of documents) {
    latest = Math.max(latest, latestOf(document));
    if (document.mergedInto) merging.add(document.customerId).add(document.mergedInto.customerId);
  }
  return { latest, byFilter: new Map(), merging };
};

/**
 * The documents patched from an array whose cut list is kept, none of the changed ones in a merge:
 * the list patched the same way (each changed customer cut again, in its place), so what views
 * summed over the list before follows the change (summedPerList).
 */
const carried = (documents: readonly CustomerFacts[]): Kept | undefined => {
  const change = listChangeOf(documents);
  const before = change && kept.get(change.previous);
  if (!change || !before) return undefined;
  // Only the latest step is followed: what the array before that one kept can go.
  before.after = undefined;
  if (!before.everything) return undefined;
  const touchesMerge = [...change.removed, ...change.added].some(
    (document) => document.mergedInto || before.merging.has(document.customerId),
  );
  if (touchesMerge) return undefined;
  let latest = before.latest;
  for (const document of change.added) latest = Math.max(latest, latestOf(document));
  // A document with an undated change (a compensation on an open complaint) is cut per request.
  if (latest === Number.POSITIVE_INFINITY) return undefined;
  const joined = change.added.map((document) => customerAt(factsAsOf(document, latest) ?? document));
  return {
    latest,
    everything: patchedDocuments(before.everything, joined, ({ facts }) => facts.customerId),
    byFilter: new Map(),
    merging: before.merging,
    after: { before, changed: new Set(change.added.map(({ customerId }) => customerId)), joined },
  };
};

/** A filtered list patched from the one kept before the change, when there is one. */
const filteredAfterChange = (
  current: Kept,
  key: string,
  filter: CustomerFilter,
): readonly CustomerAsOf[] | undefined => {
  const previous = current.after?.before.byFilter.get(key);
  if (!current.after || !previous) return undefined;
  const { changed, joined } = current.after;
  const removed = previous.filter(({ facts }) => changed.has(facts.customerId));
  const added = joined.filter(({ facts }) => matchesFilter(facts, filter));
  const next = [...previous.filter(({ facts }) => !changed.has(facts.customerId)), ...added];
  recordListChange(next, { previous, removed, added });
  return next;
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
