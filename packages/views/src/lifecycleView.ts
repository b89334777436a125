import { LIFECYCLE_STAGES, type LifecycleStage } from "@crm/domain";
import { isWithin, windowKey, windowOfKey } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerAsOf, customersAsOf } from "./customersAsOf.ts";
import { summedPerList } from "./keptPerFacts.ts";
import { lifecycleChanges } from "./lifecycleChanges.ts";
import { compareText } from "./textOrder.ts";
import { type AnsweredCut, type CustomerFilter, resolveCut, type WindowParams } from "./viewParams.ts";

export type LifecycleParams = WindowParams & CustomerFilter;

export type LifecycleTransition = { from: LifecycleStage | null; to: LifecycleStage; count: number };

export type LifecycleAnswer = AnsweredCut & {
  counts: Record<LifecycleStage, number>;
  pool: number;
  transitions: LifecycleTransition[];
};

export const lifecycleView = (
  documents: readonly CustomerFacts[],
  params: LifecycleParams,
): LifecycleAnswer => {
  const cut = resolveCut(params);
  const customers = customersAsOf(documents, cut.asOf, params);
  // Nothing here moves with asOf once the customers are cut at it.
  return { ...cut.answered, ...figuresOf(customers, windowKey(cut.window)) };
};

/** Summed per customer, so the figures follow a change of the list. */
const figuresOf = summedPerList({
  empty: (key) => ({
    window: windowOfKey(key),
    counts: Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0])) as Record<LifecycleStage, number>,
    pool: 0,
    // Counted per pair in a map keyed "from>to"; a new lead's `from` is null.
    tally: new Map<string, LifecycleTransition>(),
  }),
  add: (sum, { facts, snapshot }: CustomerAsOf, sign) => {
    sum.counts[snapshot.lifecycle] += sign;
    // The pool as it was at asOf, like the counts beside it: who had no owner then.
    if (snapshot.ownerId === null) sum.pool += sign;
    // The facts are cut at asOf already, so only changes by asOf are seen.
    for (const change of lifecycleChanges(facts)) {
      if (!isWithin(change.occurredAt, sum.window)) continue;
      const key = `${change.from}>${change.to}`;
      const entry = sum.tally.get(key) ?? { from: change.from, to: change.to, count: 0 };
      if (entry.count + sign === 0) sum.tally.delete(key);
      else sum.tally.set(key, { ...entry, count: entry.count + sign });
    }
  },
  answer: (sum) => ({
    counts: { ...sum.counts },
    pool: sum.pool,
    transitions: [...sum.tally.values()].sort(
      (a, b) => b.count - a.count || compareStages(a.from, b.from) || compareStages(a.to, b.to),
    ),
  }),
});

/** Alphabetical, null (a new lead) first (contract section 5). */
const compareStages = (a: string | null, b: string | null): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareText(a, b);
};
