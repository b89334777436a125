import {
  type DuplicateKeys,
  duplicateKeysOf,
  organisationKeyIndex,
  type RecordedCustomerEvent,
} from "@crm/domain";
import { type DuplicateCandidate, evolveDuplicateCandidate } from "./duplicateCandidates.ts";
import { type DuplicatePair, pageOfPairs, pairsOf, type Resemblance } from "./duplicatePairs.ts";

// Contract 9.2, the duplicate review queue without reading every customer per request. A pair
// is a relation between two customers, which no per-customer document can index, so the
// candidates' documents are kept in memory and indexed as they change: customers grouped by each
// normalised key, and near organisation matches found once, when a key arrives, through the
// bigram index. A request then pairs what the index holds (the groups of two or more, the near
// matches) among the customers they name and their merge chains, with the rules of
// duplicatePairs.ts: it costs what the queue holds, not what the store holds, and compares no
// organisations. The same bigram index answers the near-duplicate hints on a new lead (contract
// section 2, the organisation directory), so a process keeps the organisation keys once.

const KINDS = ["email", "phone", "organisation"] as const;

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
  /** `kind key` -> the customers holding it; those of two or more are in `shared`. */
  const groups = new Map<string, Set<string>>();
  const shared = new Set<string>();
  const near = organisationKeyIndex();
  /** Near organisation matches, both ways. */
  const nearMatches = new Map<string, Set<string>>();
  /** The queue in order, kept until a document changes: paging through it costs a page. */
  let queue: DuplicatePair[] | undefined;

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

  const unindex = (id: string, keys: DuplicateKeys) => {
    for (const kind of KINDS) {
      const key = keys[kind];
      if (key === null) continue;
      const group = groups.get(`${kind} ${key}`);
      group?.delete(id);
      if (group !== undefined && group.size < 2) shared.delete(`${kind} ${key}`);
      if (group?.size === 0) groups.delete(`${kind} ${key}`);
    }
    if (keys.organisation !== null) {
      near.remove(id);
      unlink(id);
    }
  };

  const index = (id: string, keys: DuplicateKeys) => {
    for (const kind of KINDS) {
      const key = keys[kind];
      if (key === null) continue;
      const group = (groups.get(`${kind} ${key}`) ?? new Set<string>()).add(id);
      groups.set(`${kind} ${key}`, group);
      if (group.size >= 2) shared.add(`${kind} ${key}`);
    }
    if (keys.organisation !== null) {
      for (const other of near.nearMatches(keys.organisation)) link(id, other);
      near.add(id, keys.organisation);
    }
  };

  return {
    /** Folds one customer event into its customer's document, and the document into the index. */
    apply(event: RecordedCustomerEvent): void {
      const before = documents.get(event.customerId) ?? null;
      const after = evolveDuplicateCandidate(before, event);
      if (after === before) return;
      documents.set(after.customerId, after);
      const [was, is] = [before === null ? null : keysOf(before), keysOf(after)];
      // The queue is made of keys, merges, dismissals and creation times: another change of a
      // customer (its name alone, say) leaves it as it is.
      if (!sameKeys(was, is) || !samePairing(before, after)) queue = undefined;
      if (sameKeys(was, is)) return;
      if (was !== null) unindex(after.customerId, was);
      if (is !== null) index(after.customerId, is);
    },

    /**
     * Contract section 2, the hints on a new lead: the customers not merged nor erased whose
     * organisation is a near match of the key (9.2: a merged duplicate is nobody's candidate).
     */
    nearOrganisations(organisationKey: string): string[] {
      return near.nearMatches(organisationKey).filter((id) => !documents.get(id)?.mergedInto);
    },

    /**
     * A lead this process has just recorded (its near matches are found again when its event
     * comes round, so the queue it is not yet in stays as kept), a hint for the next create before its event comes
     * round. Once its document is here, the index already holds what the events say.
     */
    addOrganisation(customerId: string, organisationKey: string): void {
      if (!documents.has(customerId)) near.add(customerId, organisationKey);
    },

    /** Every resemblance the index holds: pairs within each shared key, and the near matches. */
    *resemblances(): Generator<Resemblance> {
      for (const groupKey of shared) {
        const kind = groupKey.slice(0, groupKey.indexOf(" ")) as (typeof KINDS)[number];
        const members = [...(groups.get(groupKey) ?? [])];
        for (let i = 0; i < members.length; i++)
          for (let j = i + 1; j < members.length; j++)
            yield [members[i] as string, members[j] as string, kind];
      }
      for (const [id, others] of nearMatches)
        for (const other of others) if (id < other) yield [id, other, "near_organisation"];
    },

    /** One page of the queue after the cursor's pair. */
    page(page: { limit: number; cursor?: { customerId: string; candidateId: string } }) {
      // Every document is at hand, so the merge chains and the cursor's customers are too.
      queue ??= pairsOf(documents, this.resemblances());
      return pageOfPairs(queue, documents, page);
    },
  };
};

export type DuplicateQueueIndex = ReturnType<typeof duplicateQueueIndex>;
