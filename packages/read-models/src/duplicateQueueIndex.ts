import { createRequire } from "node:module";
import {
  type DuplicateKeys,
  duplicateKeysOf,
  organisationKeyIndex,
  type RecordedCustomerEvent,
} from "@crm/domain";
import type SortedBtree from "sorted-btree";
import { type DuplicateCandidate, evolveDuplicateCandidate } from "./duplicateCandidates.ts";
import {
  type DuplicatePair,
  type DuplicateReason,
  encodePairCursor,
  pairOf,
  type QueuePosition,
  queueOrder,
  queuePositionOf,
  type Resemblance,
  survivorOf,
} from "./duplicatePairs.ts";

// Contract 9.2, the duplicate review queue without reading every customer per request. A pair
// is a relation between two customers, which no per-customer document can index, so the
// candidates' documents are kept in memory and indexed as they change: customers grouped by each
// normalised key, and near organisation matches found once, when a key arrives, through the
// bigram index. The pairs are kept in the queue's order in a B+ tree, each filed under its two
// survivors. A change marks the survivors whose pairs it may move (the changed customer's and
// those of everyone merged into it, before and after), and the next page files only their pairs
// again, from what the index holds, with the rules of duplicatePairs.ts: a page after a change
// costs what the change touches plus a page, not what the queue holds, and compares no
// organisations. The same bigram index answers the near-duplicate hints on a new lead (contract
// section 2, the organisation directory), so a process keeps the organisation keys once.

// sorted-btree is CommonJS with its class on `default`: Node's import and vitest's disagree on what
// the default import is, and require agrees with both.
const { default: BTree } = createRequire(import.meta.url)("sorted-btree") as typeof SortedBtree;

const KINDS = ["email", "phone", "organisation"] as const;
type Kind = (typeof KINDS)[number];

/** The keys a document is matched on: none once erased (10.1: nobody's candidate). */
const keysOf = (document: DuplicateCandidate): DuplicateKeys | null =>
  document.erased ? null : duplicateKeysOf(document);

const sameKeys = (a: DuplicateKeys | null, b: DuplicateKeys | null) =>
  a === b || (a !== null && b !== null && KINDS.every((kind) => a[kind] === b[kind]));

const samePairing = (before: DuplicateCandidate | null, after: DuplicateCandidate) =>
  before !== null &&
  before.mergedInto === after.mergedInto &&
  before.dismissed === after.dismissed &&
  before.erased === after.erased &&
  before.createdAt === after.createdAt;

export const duplicateQueueIndex = () => {
  const documents = new Map<string, DuplicateCandidate>();
  /** Each document's creation time, parsed once. */
  const createdMs = new Map<string, number>();
  /** `kind key` -> the customers holding it; those of two or more are in `shared`. */
  const groups = new Map<string, Set<string>>();
  /** Each customer's groups by kind: filing its pairs looks up no key. */
  const groupsOf = new Map<string, Map<Kind, Set<string>>>();
  const shared = new Set<string>();
  const near = organisationKeyIndex();
  /** Near organisation matches, both ways. */
  const nearMatches = new Map<string, Set<string>>();
  /** Merge target -> the customers merged into it (the target's document may not be here yet). */
  const mergedFrom = new Map<string, Set<string>>();

  /** The queue in its order; each pair filed under both survivors, by the other one. */
  const queue = new BTree<QueuePosition, DuplicatePair>(undefined, queueOrder);
  const filed = new Map<string, Map<string, QueuePosition>>();
  /** Survivors (or former ones) whose pairs a change may have moved since the last page. */
  const stale = new Set<string>();

  const msOf = (id: string) => createdMs.get(id) as number;

  const link = (a: string, b: string) => {
    nearMatches.set(a, (nearMatches.get(a) ?? new Set()).add(b));
    nearMatches.set(b, (nearMatches.get(b) ?? new Set()).add(a));
  };
  const unlink = (id: string) => {
    for (const other of nearMatches.get(id) ?? []) {
      const theirs = nearMatches.get(other);
      theirs?.delete(id);
      if (theirs?.size === 0) nearMatches.delete(other);
    }
    nearMatches.delete(id);
  };

  const unindex = (id: string, keys: DuplicateKeys, kinds: readonly Kind[]) => {
    for (const kind of kinds) {
      const key = keys[kind];
      if (key === null) continue;
      const group = groups.get(`${kind} ${key}`);
      group?.delete(id);
      groupsOf.get(id)?.delete(kind);
      if (groupsOf.get(id)?.size === 0) groupsOf.delete(id);
      if (group !== undefined && group.size < 2) shared.delete(`${kind} ${key}`);
      if (group?.size === 0) groups.delete(`${kind} ${key}`);
    }
    if (keys.organisation !== null && kinds.includes("organisation")) {
      near.remove(id);
      unlink(id);
    }
  };

  const index = (id: string, keys: DuplicateKeys, kinds: readonly Kind[]) => {
    for (const kind of kinds) {
      const key = keys[kind];
      if (key === null) continue;
      const group = (groups.get(`${kind} ${key}`) ?? new Set<string>()).add(id);
      groups.set(`${kind} ${key}`, group);
      groupsOf.set(id, (groupsOf.get(id) ?? new Map()).set(kind, group));
      if (group.size >= 2) shared.add(`${kind} ${key}`);
    }
    if (keys.organisation !== null && kinds.includes("organisation")) {
      for (const other of near.nearMatches(keys.organisation)) link(id, other);
      near.add(id, keys.organisation);
    }
  };

  /** The customer and everyone merged into it, however far back: their survivor is its own. */
  const mergedSubtree = (id: string): string[] => {
    if (!mergedFrom.has(id)) return [id]; // most customers: nobody merged into them
    const found = [id];
    const seen = new Set(found);
    for (let at = 0; at < found.length; at++)
      for (const from of mergedFrom.get(found[at] as string) ?? [])
        if (!seen.has(from)) {
          seen.add(from);
          found.push(from);
        }
    return found;
  };

  /** A change to this customer may move the pairs of its survivor and of its merged ones'. */
  const markStale = (id: string) => {
    for (const member of mergedSubtree(id)) {
      const survivor = survivorOf(documents, member);
      if (survivor !== undefined) stale.add(survivor);
    }
  };

  /** Who this customer resembles, and why: its shared keys' groups and its near matches. */
  function* resemblancesOf(id: string): Generator<readonly [string, DuplicateReason]> {
    for (const [kind, group] of groupsOf.get(id) ?? [])
      if (group.size >= 2) for (const other of group) if (other !== id) yield [other, kind];
    for (const other of nearMatches.get(id) ?? []) yield [other, "near_organisation"];
  }

  const unfile = (survivor: string) => {
    for (const [other, position] of filed.get(survivor) ?? []) {
      queue.delete(position);
      filed.get(other)?.delete(survivor);
    }
    filed.delete(survivor);
  };

  const fileUnder = (survivor: string, other: string, position: QueuePosition) => {
    const mine = filed.get(survivor) ?? new Map<string, QueuePosition>();
    filed.set(survivor, mine.set(other, position));
  };

  /** Files the survivor's pairs, but those with survivors already filed in this round (`done`). */
  const file = (survivor: string, done: ReadonlySet<string>) => {
    const reasons = new Map<string, Set<DuplicateReason>>();
    for (const member of mergedSubtree(survivor)) {
      if (survivorOf(documents, member) !== survivor) continue;
      for (const [other, reason] of resemblancesOf(member)) {
        const theirs = survivorOf(documents, other);
        if (theirs === undefined || theirs === survivor || done.has(theirs)) continue;
        reasons.set(theirs, (reasons.get(theirs) ?? new Set()).add(reason));
      }
    }
    const mine = documents.get(survivor) as DuplicateCandidate;
    for (const [other, why] of reasons) {
      const pair = pairOf(mine, documents.get(other) as DuplicateCandidate, why);
      if (pair === null) continue;
      const position = queuePositionOf(msOf, pair);
      queue.set(position, pair);
      fileUnder(survivor, other, position);
      fileUnder(other, survivor, position);
    }
  };

  /** Brings the queue up to date: only the stale survivors' pairs are filed again. */
  const refresh = () => {
    if (stale.size === 0) return;
    for (const survivor of stale) unfile(survivor);
    const done = new Set<string>();
    for (const survivor of stale)
      if (survivorOf(documents, survivor) === survivor) {
        file(survivor, done);
        done.add(survivor);
      }
    stale.clear();
  };

  return {
    /** Folds one customer event into its customer's document, and the document into the index. */
    apply(event: RecordedCustomerEvent): void {
      const before = documents.get(event.customerId) ?? null;
      const after = evolveDuplicateCandidate(before, event);
      if (after === before) return;
      const id = after.customerId;
      const [was, is] = [before === null ? null : keysOf(before), keysOf(after)];
      // The queue is made of keys, merges, dismissals and creation times: another change of a
      // customer (its name alone, say) leaves it as it is.
      const keysMoved = !sameKeys(was, is);
      const moves = keysMoved || !samePairing(before, after);
      if (moves) markStale(id);
      documents.set(id, after);
      if (before === null) createdMs.set(id, Date.parse(after.createdAt));
      if (before?.mergedInto && before.mergedInto !== after.mergedInto)
        mergedFrom.get(before.mergedInto)?.delete(id);
      if (after.mergedInto)
        mergedFrom.set(after.mergedInto, (mergedFrom.get(after.mergedInto) ?? new Set()).add(id));
      if (keysMoved) {
        // Only the keys that changed: a new phone asks the bigram index for no organisation.
        const changed = KINDS.filter((kind) => (was?.[kind] ?? null) !== (is?.[kind] ?? null));
        if (was !== null) unindex(id, was, changed);
        if (is !== null) index(id, is, changed);
      }
      if (moves) markStale(id);
    },

    /**
     * Contract section 2, the hints on a new lead: the customers not merged nor erased whose
     * organisation is a near match of the key (9.2: a merged duplicate is nobody's candidate).
     */
    nearOrganisations(organisationKey: string): string[] {
      return near.nearMatches(organisationKey).filter((id) => !documents.get(id)?.mergedInto);
    },

    /**
     * A lead this process has just recorded, a hint for the next create before its event comes
     * round (its near matches are found again then; the queue, which it is not in yet, stays as
     * it is). Once its document is here, the index already holds what the events say.
     */
    addOrganisation(customerId: string, organisationKey: string): void {
      if (!documents.has(customerId)) near.add(customerId, organisationKey);
    },

    /** Every resemblance the index holds: pairs within each shared key, and the near matches. */
    *resemblances(): Generator<Resemblance> {
      for (const groupKey of shared) {
        const kind = groupKey.slice(0, groupKey.indexOf(" ")) as Kind;
        const members = [...(groups.get(groupKey) ?? [])];
        for (let i = 0; i < members.length; i++)
          for (let j = i + 1; j < members.length; j++)
            yield [members[i] as string, members[j] as string, kind];
      }
      for (const [id, others] of nearMatches)
        for (const other of others) if (id < other) yield [id, other, "near_organisation"];
    },

    /**
     * One page of the queue after the cursor's pair. A cursor pair that has since left the queue
     * ends the page where it stood: the page starts at the first pair after its position.
     */
    page(page: { limit: number; cursor?: { customerId: string; candidateId: string } }) {
      refresh();
      const { cursor } = page;
      const from =
        cursor && documents.has(cursor.customerId) && documents.has(cursor.candidateId)
          ? queuePositionOf(msOf, cursor)
          : undefined;
      const items: DuplicatePair[] = [];
      let more = false;
      for (const [position, pair] of queue.entries(from)) {
        if (from !== undefined && queueOrder(position, from) === 0) continue;
        if (items.length === page.limit) {
          more = true;
          break;
        }
        items.push(pair);
      }
      const last = items.at(-1);
      return { items, nextCursor: more && last ? encodePairCursor(last) : null };
    },
  };
};

export type DuplicateQueueIndex = ReturnType<typeof duplicateQueueIndex>;
