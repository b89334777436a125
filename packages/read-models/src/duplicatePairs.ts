import { duplicateKeysOf, organisationKeyIndex } from "@crm/domain";
import type { DuplicateCandidate } from "./duplicateCandidates.ts";

// Contract 9.2: `GET /duplicates`, the pairs a person should look at. Among customers not merged:
// exact duplicates (equal normalised email, phone or organisation: those let in with
// allowDuplicate or by a profile change) and near organisation matches, minus dismissed pairs.
// A pair names the newer customer first (`customerId`, the suspected duplicate) and the one it
// resembles second (`candidateId`); newest pairs first.

export const DUPLICATE_REASONS = ["email", "phone", "organisation", "near_organisation"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export type DuplicatePair = { customerId: string; candidateId: string; reasons: DuplicateReason[] };

type Position = { createdAt: string; customerId: string };

/** Newer first, ties by id: the order of pairs, and which side of a pair is `customerId`. */
const newerFirst = (a: Position, b: Position) =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/** Two customers' documents alike for a reason (either may be a merged duplicate: its survivor counts). */
export type Resemblance = readonly [a: string, b: string, reason: DuplicateReason];

/**
 * The survivor whose pairs a customer's resemblances count for: the end of its merge chain (a
 * merged duplicate's keys are its survivor's, as for new leads), or none when the customer is
 * erased, the chain ends in an erased or unknown customer, or loops.
 */
export const survivorOf = (
  documents: ReadonlyMap<string, DuplicateCandidate>,
  id: string,
): string | undefined => {
  let current = documents.get(id);
  // An erased customer keeps nothing to match on (10.1), nor what was merged into it.
  if (current === undefined || current.erased) return undefined;
  let seen: Set<string> | undefined; // most customers were never merged: no set for them
  while (current.mergedInto) {
    seen ??= new Set([id]);
    const next = documents.get(current.mergedInto);
    if (next === undefined || seen.has(next.customerId)) return undefined;
    seen.add(next.customerId);
    current = next;
  }
  return current.erased ? undefined : current.customerId;
};

/** The pair two survivors make for these reasons, newer first; none once dismissed on either side. */
export const pairOf = (
  a: DuplicateCandidate,
  b: DuplicateCandidate,
  why: ReadonlySet<DuplicateReason>,
): DuplicatePair | null => {
  if (a.dismissed.includes(b.customerId) || b.dismissed.includes(a.customerId)) return null;
  const [newer, older] = newerFirst(a, b) <= 0 ? [a, b] : [b, a];
  return {
    customerId: newer.customerId,
    candidateId: older.customerId,
    reasons: DUPLICATE_REASONS.filter((reason) => why.has(reason)),
  };
};

/** Where a pair stands in the queue: its two customers' creation times (ms) and ids. */
export type QueuePosition = readonly [
  customerMs: number,
  customerId: string,
  candidateMs: number,
  candidateId: string,
];

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The queue's order: newer customer first, ties by id, then the same for the candidate. */
export const queueOrder = (x: QueuePosition, y: QueuePosition) =>
  y[0] - x[0] || byId(x[1], y[1]) || y[2] - x[2] || byId(x[3], y[3]);

/** The position of a pair (or a cursor) among these creation times (ms by customer id). */
export const queuePositionOf = (
  createdMs: (customerId: string) => number,
  pair: { customerId: string; candidateId: string },
): QueuePosition => [
  createdMs(pair.customerId),
  pair.customerId,
  createdMs(pair.candidateId),
  pair.candidateId,
];

/**
 * The pairs the resemblances make among customers not merged nor erased, each named by the
 * survivors at the end of the two merge chains, minus the dismissed ones, newest first.
 * `documents` holds every document the resemblances and their merge chains name.
 */
export const pairsOf = (
  documents: ReadonlyMap<string, DuplicateCandidate>,
  resemblances: Iterable<Resemblance>,
): DuplicatePair[] => {
  const reasons = new Map<string, Set<DuplicateReason>>();
  for (const [a, b, reason] of resemblances) {
    const [first, second] = [survivorOf(documents, a), survivorOf(documents, b)];
    if (first === undefined || second === undefined || first === second) continue;
    const pairKey = first < second ? `${first} ${second}` : `${second} ${first}`;
    reasons.set(pairKey, (reasons.get(pairKey) ?? new Set()).add(reason));
  }

  const pairs: DuplicatePair[] = [];
  for (const [pairKey, why] of reasons) {
    const [a, b] = pairKey.split(" ").map((id) => documents.get(id)) as [
      DuplicateCandidate,
      DuplicateCandidate,
    ];
    const pair = pairOf(a, b, why);
    if (pair !== null) pairs.push(pair);
  }
  // Each creation time parsed once, not twice per comparison: a large queue sorts n log n times.
  const createdMs = new Map<string, number>();
  const msOf = (id: string) => {
    let ms = createdMs.get(id);
    if (ms === undefined) {
      ms = Date.parse((documents.get(id) as DuplicateCandidate).createdAt);
      createdMs.set(id, ms);
    }
    return ms;
  };
  return pairs
    .map((pair) => [queuePositionOf(msOf, pair), pair] as const)
    .sort(([x], [y]) => queueOrder(x, y))
    .map(([, pair]) => pair);
};

/** Every resemblance among the documents: equal normalised keys, near organisations. */
const resemblancesAmong = (documents: readonly DuplicateCandidate[]): Resemblance[] => {
  const found: Resemblance[] = [];
  const exact = new Map<string, string[]>();
  const near = organisationKeyIndex();
  for (const document of documents) {
    if (document.erased) continue;
    const keys = duplicateKeysOf(document);
    for (const kind of ["email", "phone", "organisation"] as const) {
      const key = keys[kind];
      if (key === null) continue;
      const group = exact.get(`${kind} ${key}`) ?? [];
      for (const other of group) found.push([other, document.customerId, kind]);
      exact.set(`${kind} ${key}`, [...group, document.customerId]);
    }
    if (keys.organisation) {
      for (const other of near.nearMatches(keys.organisation))
        found.push([other, document.customerId, "near_organisation"]);
      near.add(document.customerId, keys.organisation);
    }
  }
  return found;
};

/** The queue computed from every candidate document at once (the definition the kept queue is held to). */
export const duplicatePairs = (documents: readonly DuplicateCandidate[]): DuplicatePair[] =>
  pairsOf(
    new Map(documents.map((document) => [document.customerId, document])),
    resemblancesAmong(documents),
  );

type PairCursor = { customerId: string; candidateId: string };

export const decodePairCursor = (cursor: string): PairCursor | null => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as PairCursor;
    return typeof parsed.customerId === "string" && typeof parsed.candidateId === "string" ? parsed : null;
  } catch {
    return null;
  }
};

export const encodePairCursor = ({ customerId, candidateId }: DuplicatePair) =>
  Buffer.from(JSON.stringify({ customerId, candidateId })).toString("base64url");

/**
 * One page of pairs after the cursor's pair. A pair that has since left the queue (merged,
 * dismissed) ends the page where it stood: the page starts after the last pair still listed
 * at or before it, found by the queue's order. `documents` holds the cursor's two customers.
 */
export const pageOfPairs = (
  pairs: readonly DuplicatePair[],
  documents: ReadonlyMap<string, DuplicateCandidate>,
  page: { limit: number; cursor?: PairCursor },
) => {
  const { cursor } = page;
  let start = 0;
  if (cursor) {
    const index = pairs.findIndex(
      (pair) => pair.customerId === cursor.customerId && pair.candidateId === cursor.candidateId,
    );
    start = index === -1 ? afterVanished(documents, pairs, cursor) : index + 1;
  }
  const items = pairs.slice(start, start + page.limit);
  const last = items.at(-1);
  return { items, nextCursor: start + page.limit < pairs.length && last ? encodePairCursor(last) : null };
};

/** The queue of these documents, one page of it. */
export const pageOfDuplicatePairs = (
  documents: readonly DuplicateCandidate[],
  page: { limit: number; cursor?: PairCursor },
) =>
  pageOfPairs(
    duplicatePairs(documents),
    new Map(documents.map((document) => [document.customerId, document])),
    page,
  );

/** Where a pair that left the queue would have stood: after every listed pair that sorts before it. */
const afterVanished = (
  byId: ReadonlyMap<string, DuplicateCandidate>,
  pairs: readonly DuplicatePair[],
  cursor: PairCursor,
) => {
  const customer = byId.get(cursor.customerId);
  const candidate = byId.get(cursor.candidateId);
  if (!customer || !candidate) return 0;
  const index = pairs.findIndex((pair) => {
    const pairCustomer = byId.get(pair.customerId) as DuplicateCandidate;
    const pairCandidate = byId.get(pair.candidateId) as DuplicateCandidate;
    return (newerFirst(pairCustomer, customer) || newerFirst(pairCandidate, candidate)) > 0;
  });
  return index === -1 ? pairs.length : index;
};
