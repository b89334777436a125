import { fold, lifecycleOf } from "./oracleCustomer.ts";
import { type Cut, customersAt, inWindow, isoOf, windowOf } from "./oracleCut.ts";
import type { CustomerFacts } from "./oracleFacts.ts";

// Contract section 5, "Lifecycle": counts and pool at asOf; transitions caused by events in the window.

const LIFECYCLE_STAGES = ["prospect", "customer", "repeat", "advocate", "churned", "lost"];

const byNullFirst = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

export const lifecycleOracle = (all: readonly CustomerFacts[], cut: Cut) => {
  const customers = customersAt(all, cut);
  const counts = Object.fromEntries(
    LIFECYCLE_STAGES.map((stage) => [
      stage,
      customers.filter(({ now }) => lifecycleOf(now) === stage).length,
    ]),
  );
  const transitions = new Map<string, { from: string | null; to: string; count: number }>();
  for (const { now, facts } of customers)
    facts.forEach((fact, index) => {
      if (!inWindow(fact.at, cut)) return;
      const beforeState = fold(now.customerId, facts.slice(0, index));
      const before = beforeState === null ? null : lifecycleOf(beforeState);
      const after = lifecycleOf(
        fold(now.customerId, facts.slice(0, index + 1)) as NonNullable<typeof beforeState>,
      );
      if (before === after) return;
      const key = `${before}->${after}`;
      const row = transitions.get(key) ?? { from: before, to: after, count: 0 };
      row.count += 1;
      transitions.set(key, row);
    });
  return {
    asOf: isoOf(cut.asOf),
    window: windowOf(cut.query),
    counts,
    pool: customers.filter(({ now }) => now.ownerId === null).length,
    transitions: [...transitions.values()].sort(
      (a, b) => b.count - a.count || byNullFirst(a.from, b.from) || byNullFirst(a.to, b.to),
    ),
  };
};
