import { FUNNEL_STAGES, type FunnelStage, funnelRank, isOpenStage, OPEN_STAGES } from "@crm/domain";
import { daysBefore, instant, isWithin, windowKey, windowOfKey } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerAsOf, customersAsOf } from "./customersAsOf.ts";
import { ratio, sumMoney } from "./figures.ts";
import { keptPerFacts, latestOf, summedPerList } from "./keptPerFacts.ts";
import { ascending, SortedList } from "./sortedList.ts";
import { emptyStageCounts, type StageCounts } from "./stageCounts.ts";
import { type AnsweredCut, type CustomerFilter, resolveCut, type WindowParams } from "./viewParams.ts";

export type FunnelParams = WindowParams & CustomerFilter & { target?: number };

export type FunnelStageFigures = { stage: FunnelStage; reached: number; current: number; value: number };

export type FunnelAnswer = AnsweredCut & {
  stages: FunnelStageFigures[];
  conversion: { from: FunnelStage; to: FunnelStage; rate: number | null }[];
  winRate: number | null;
  lost: number;
  lostByStage: StageCounts;
  pipelineValue: number;
  target: number | null;
  coverage: number | null;
  coverageHealthy: boolean | null;
  stale: number;
};

/** The 3:1 pipeline-to-target rule. */
const HEALTHY_COVERAGE = 3;
const STALE_AFTER_DAYS = 30;

export const funnelView = (documents: readonly CustomerFacts[], params: FunnelParams): FunnelAnswer => {
  const cut = resolveCut(params);
  const { stale: lastWorked, ...figures } = cohortFigures(
    customersAsOf(documents, cut.asOf, params),
    windowKey(cut.window),
  );
  const target = params.target ?? null;
  // No target, or a zero one, gives no coverage, and then no verdict on its health either.
  const coverage = target === null ? null : ratio(figures.pipelineValue, target);
  return {
    ...cut.answered,
    ...figures,
    target,
    // Judged on the coverage as answered, so a reader never sees 3 next to "unhealthy".
    coverage,
    coverageHealthy: coverage === null ? null : coverage >= HEALTHY_COVERAGE,
    stale: countUpTo(lastWorked, daysBefore(cut.asOf, STALE_AFTER_DAYS).after),
  };
};

/**
 * What the cohort of cut customers says whatever the instant of the cut, summed per customer so
 * it follows a change of the list; `stale` is the instants of the latest work on each open deal,
 * ascending, to count those before any instant.
 */
const cohortFigures = summedPerList({
  empty: (key) => ({
    // The cohort: leads created in the window, all leads when there is none.
    window: windowOfKey(key),
    reached: FUNNEL_STAGES.map(() => 0),
    current: FUNNEL_STAGES.map(() => 0),
    cents: FUNNEL_STAGES.map(() => 0),
    lost: 0,
    lostByStage: emptyStageCounts(),
    stale: new SortedList(ascending),
  }),
  add: (sum, { facts, snapshot }: CustomerAsOf, sign) => {
    if (!isWithin(facts.createdAt, sum.window)) return;
    const highest = funnelRank(snapshot.highestStage);
    for (let rank = 0; rank <= highest; rank++) sum.reached[rank]! += sign;
    if (snapshot.stage === "lost") sum.lost += sign;
    else {
      const stage = funnelRank(snapshot.stage);
      sum.current[stage]! += sign;
      // Open stages are worth what the customer is expected to bring, `won` what it paid on its latest win.
      const value = (snapshot.stage === "won" ? snapshot.latestWinAmount : snapshot.expectedValue) ?? 0;
      sum.cents[stage]! += sign * Math.round(value * 100);
    }
    if (snapshot.lostFrom !== null && snapshot.lostFrom !== "lost")
      sum.lostByStage[snapshot.lostFrom] += sign;
    if (isOpenStage(snapshot.stage)) {
      if (sign === 1) sum.stale.add(latestWorkOf(facts));
      else sum.stale.remove(latestWorkOf(facts));
    }
  },
  answer: (sum) => {
    const stages: FunnelStageFigures[] = FUNNEL_STAGES.map((stage, rank) => ({
      stage,
      reached: sum.reached[rank]!,
      current: sum.current[rank]!,
      value: sum.cents[rank]! / 100,
    }));
    const reached = (stage: FunnelStage) => stages[funnelRank(stage)]!.reached;
    return {
      stages,
      conversion: OPEN_STAGES.map((from, index) => {
        const to = FUNNEL_STAGES[index + 1]!;
        return { from, to, rate: ratio(reached(to), reached(from)) };
      }),
      winRate: ratio(reached("won"), reached("lead")),
      lost: sum.lost,
      lostByStage: { ...sum.lostByStage },
      pipelineValue: sumMoney(stages.filter(({ stage }) => isOpenStage(stage)).map(({ value }) => value)),
      stale: Float64Array.from(sum.stale.inOrder()),
    };
  },
});

/**
 * An open deal nobody worked on lately is stale. Activity is what the contract names (creation,
 * interaction, stage move): a complaint is the customer acting, not the rep working the deal,
 * and an open deal has no orders to record. The facts are cut at asOf, so nothing is later than
 * the period's end: some activity falls in it exactly when the latest does.
 */
const latestWorkOf = keptPerFacts((facts) =>
  Math.max(
    instant(facts.createdAt),
    latestOf(facts.interactions.map((entry) => instant(entry.occurredAt))),
    latestOf(facts.stageMoves.map((entry) => instant(entry.occurredAt))),
  ),
);

/** How many of the ascending instants are at or before `at`. */
const countUpTo = (ascending: Float64Array, at: number): number => {
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ascending[middle] as number) <= at) low = middle + 1;
    else high = middle;
  }
  return low;
};
