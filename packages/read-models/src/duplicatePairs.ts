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

export const duplicatePairs = (documents: readonly DuplicateCandidate[]): DuplicatePair[] => {
  const all = new Map(documents.map((document) => [document.customerId, document]));
  const byId = new Map(
    documents.filter((document) => !document.mergedInto && !document.erased).map((d) => [d.customerId, d]),
  );
  // A merged duplicate's keys are its survivor's (the end of the merge chain), as for new leads.
  const ownerOf = (document: DuplicateCandidate): DuplicateCandidate | undefined => {
    let current = document;
    const seen = new Set([document.customerId]);
    while (current.mergedInto) {
      const next = all.get(current.mergedInto);
      if (next === undefined || seen.has(next.customerId)) return undefined;
      seen.add(next.customerId);
      current = next;
    }
    return current;
  };
  const reasons = new Map<string, Set<DuplicateReason>>();
  const note = (a: string, b: string, reason: DuplicateReason) => {
    if (a === b) return;
    const pairKey = a < b ? `${a} ${b}` : `${b} ${a}`;
    reasons.set(pairKey, (reasons.get(pairKey) ?? new Set()).add(reason));
  };

  const exact = new Map<string, Set<string>>();
  // One entry per document (the index holds one key per id), named `owner document`.
  const near = organisationKeyIndex();
  for (const document of documents) {
    // An erased customer keeps nothing to match on (10.1); keys of a merged one whose survivor
    // was erased or merged away count for nobody.
    const owner = ownerOf(document)?.customerId;
    if (owner === undefined || document.erased || !byId.has(owner)) continue;
    const keys = duplicateKeysOf(document);
    for (const kind of ["email", "phone", "organisation"] as const) {
      const key = keys[kind];
      if (key === null) continue;
      const group = exact.get(`${kind} ${key}`) ?? new Set<string>();
      for (const other of group) note(other, owner, kind);
      exact.set(`${kind} ${key}`, group.add(owner));
    }
    if (keys.organisation) {
      for (const entry of near.nearMatches(keys.organisation))
        note(entry.split(" ")[0] as string, owner, "near_organisation");
      near.add(`${owner} ${document.customerId}`, keys.organisation);
    }
  }

  const pairs: DuplicatePair[] = [];
  for (const [pairKey, why] of reasons) {
    const [a, b] = pairKey.split(" ").map((id) => byId.get(id)) as [DuplicateCandidate, DuplicateCandidate];
    if (a.dismissed.includes(b.customerId) || b.dismissed.includes(a.customerId)) continue;
    const [newer, older] = newerFirst(a, b) <= 0 ? [a, b] : [b, a];
    pairs.push({
      customerId: newer.customerId,
      candidateId: older.customerId,
      reasons: DUPLICATE_REASONS.filter((reason) => why.has(reason)),
    });
  }
  const positionOf = (id: string) => byId.get(id) as DuplicateCandidate;
  return pairs.sort(
    (x, y) =>
      newerFirst(positionOf(x.customerId), positionOf(y.customerId)) ||
      newerFirst(positionOf(x.candidateId), positionOf(y.candidateId)),
  );
};

type PairCursor = { customerId: string; candidateId: string };

export const decodePairCursor = (cursor: string): PairCursor | null => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as PairCursor;
    return typeof parsed.customerId === "string" && typeof parsed.candidateId === "string" ? parsed : null;
  } catch {
    return null;
  }
};

const encodePairCursor = ({ customerId, candidateId }: DuplicatePair) =>
  Buffer.from(JSON.stringify({ customerId, candidateId })).toString("base64url");

/**
 * One page of pairs after the cursor's pair. A pair that has since left the queue (merged,
 * dismissed) ends the page where it stood: the page starts after the last pair still listed
 * at or before it, found by the queue's order.
 */
export const pageOfDuplicatePairs = (
  documents: readonly DuplicateCandidate[],
  page: { limit: number; cursor?: PairCursor },
) => {
  const pairs = duplicatePairs(documents);
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

/** Where a pair that left the queue would have stood: after every listed pair that sorts before it. */
const afterVanished = (
  documents: readonly DuplicateCandidate[],
  pairs: DuplicatePair[],
  cursor: PairCursor,
) => {
  const byId = new Map(documents.map((document) => [document.customerId, document]));
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
