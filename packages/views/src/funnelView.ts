import { FUNNEL_STAGES, type FunnelStage, funnelRank, isOpenStage, OPEN_STAGES } from "@crm/domain";
import { daysBefore, instant, isWithin, windowKey, windowOfKey } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerAsOf, customersAsOf } from "./customersAsOf.ts";
import { ratio, sumMoney } from "./figures.ts";
import { keptPerFacts, keptPerList, latestOf } from "./keptPerFacts.ts";
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
 * What the cohort of cut customers says whatever the instant of the cut; `stale` is the
 * instants of the latest work on each open deal, ascending, to count those before any instant.
 */
const cohortFigures = keptPerList((customers, key) => {
  const window = windowOfKey(key);
  // The cohort: leads created in the window, all leads when there is none.
  const cohort = customers.filter(({ facts }) => isWithin(facts.createdAt, window));

  const stages = FUNNEL_STAGES.map((stage) => stageFigures(stage, cohort));
  const reached = (stage: FunnelStage) => stages[funnelRank(stage)]!.reached;
  const lostByStage = emptyStageCounts();
  for (const { snapshot } of cohort)
    if (snapshot.lostFrom !== null && snapshot.lostFrom !== "lost") lostByStage[snapshot.lostFrom] += 1;

  return {
    stages,
    conversion: OPEN_STAGES.map((from, index) => {
      const to = FUNNEL_STAGES[index + 1]!;
      return { from, to, rate: ratio(reached(to), reached(from)) };
    }),
    winRate: ratio(reached("won"), reached("lead")),
    lost: cohort.filter(({ snapshot }) => snapshot.stage === "lost").length,
    lostByStage,
    pipelineValue: sumMoney(stages.filter(({ stage }) => isOpenStage(stage)).map(({ value }) => value)),
    stale: Float64Array.from(
      cohort.filter(({ snapshot }) => isOpenStage(snapshot.stage)).map(({ facts }) => latestWorkOf(facts)),
    ).sort(),
  };
});

const stageFigures = (stage: FunnelStage, cohort: readonly CustomerAsOf[]): FunnelStageFigures => {
  const now = cohort.filter(({ snapshot }) => snapshot.stage === stage).map(({ snapshot }) => snapshot);
  return {
    stage,
    reached: cohort.filter(({ snapshot }) => funnelRank(snapshot.highestStage) >= funnelRank(stage)).length,
    current: now.length,
    // Open stages are worth what the customer is expected to bring, `won` what it paid on its latest win.
    value: sumMoney(now.map((s) => (stage === "won" ? s.latestWinAmount : s.expectedValue) ?? 0)),
  };
};

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
