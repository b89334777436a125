import { inBusinessOrder, isAtOrBefore } from "./businessTime.ts";
import type { BusinessMoment, ComplaintEntry, CustomerFacts } from "./customerFacts.ts";

// Contract 9.2: for a cut at or after a merge the pair is one customer. The duplicate leaves every
// count, list and sum, and its orders, complaints, interactions and referral credits count for the
// survivor, each at its own date; the survivor's stage history, owners and expected values stay
// its own. For a cut before the merge both customers count as they were. A pure function of the
// cut facts, so the maintained read model and the asOf replay answer alike.

const mergedBy = (facts: CustomerFacts, at: number): string | null => {
  const merge = facts.mergedInto ?? null;
  return merge !== null && isAtOrBefore(merge.occurredAt, at) ? merge.customerId : null;
};

const byFiling = (a: ComplaintEntry, b: ComplaintEntry) =>
  inBusinessOrder(
    { occurredAt: a.filedAt, revision: a.revision },
    { occurredAt: b.filedAt, revision: b.revision },
  );

// Revisions of two streams do not compare, so equal instants keep the survivor's entries first
// (a stable sort over the survivor's list followed by the duplicates' lists, by customerId).
const combined = <T>(lists: readonly (readonly T[])[], order: (a: T, b: T) => number): T[] =>
  lists.flat().sort(order);

const absorb = (survivor: CustomerFacts, duplicates: readonly CustomerFacts[]): CustomerFacts => {
  const all = [survivor, ...duplicates];
  const moments = <T extends BusinessMoment>(pick: (facts: CustomerFacts) => readonly T[]) =>
    combined(all.map(pick), inBusinessOrder);
  return {
    ...survivor,
    interactions: moments((facts) => facts.interactions),
    // A duplicate's win is an order of the survivor's but no stage move of it: for the survivor it
    // counts as a purchase (lifecycleChanges takes the `win` orders from the stage moves).
    orders: moments((facts) =>
      facts === survivor
        ? facts.orders
        : facts.orders.map((order) => ({ ...order, kind: "purchase" as const })),
    ),
    referralCredits: moments((facts) => facts.referralCredits),
    complaints: combined(
      all.map((facts) => facts.complaints),
      byFiling,
    ),
  };
};

/** The customers of a cut at `at` with every merge made by then applied (chains followed to the end). */
export const mergesAsOf = (cut: readonly CustomerFacts[], at: number): CustomerFacts[] => {
  const byId = new Map(cut.map((facts) => [facts.customerId, facts]));
  const survivorOf = (facts: CustomerFacts): CustomerFacts => {
    let current = facts;
    const seen = new Set([facts.customerId]);
    for (let next = mergedBy(current, at); next !== null; next = mergedBy(current, at)) {
      const survivor = byId.get(next);
      // A survivor outside the cut (not yet known at knownAt) leaves the duplicate standing alone.
      if (survivor === undefined || seen.has(next)) break;
      seen.add(next);
      current = survivor;
    }
    return current;
  };
  // Only duplicates merged by then move; they join their survivor in id order.
  const absorbed = new Map<string, CustomerFacts[]>();
  const gone = new Set<CustomerFacts>();
  const merged = cut.filter((facts) => mergedBy(facts, at) !== null);
  for (const facts of merged.sort((a, b) => (a.customerId < b.customerId ? -1 : 1))) {
    const survivor = survivorOf(facts);
    if (survivor === facts) continue;
    gone.add(facts);
    absorbed.set(survivor.customerId, [...(absorbed.get(survivor.customerId) ?? []), facts]);
  }
  if (absorbed.size === 0) return [...cut];
  return cut.flatMap((facts) => {
    if (gone.has(facts)) return [];
    const duplicates = absorbed.get(facts.customerId);
    return [duplicates ? absorb(facts, duplicates) : facts];
  });
};
