import { FUNNEL_STAGES, OPEN_STAGES, type Stage } from "@crm/domain";
import { type Cut, customersAt, inWindow, isoOf, windowOf } from "./oracleCut.ts";
import type { CustomerFacts } from "./oracleFacts.ts";
import { DAY_MS, money, ratio, sum } from "./oracleNumbers.ts";

// Contract section 5, "Funnel", computed literally from the client's record.

const isOpen = (stage: Stage): boolean => (OPEN_STAGES as readonly string[]).includes(stage);
const rank = (stage: Stage): number => (FUNNEL_STAGES as readonly string[]).indexOf(stage);

export const funnelOracle = (all: readonly CustomerFacts[], cut: Cut) => {
  const cohort = customersAt(all, cut).filter(({ now }) => inWindow(now.createdAt, cut));
  const stages = FUNNEL_STAGES.map((stage) => {
    const inStage = cohort.filter(({ now }) => now.stage === stage);
    const values = inStage.map(({ now }) => (stage === "won" ? now.latestWinAmount : now.expectedValue) ?? 0);
    return {
      stage,
      reached: cohort.filter(({ now }) => rank(now.highest) >= rank(stage)).length,
      current: inStage.length,
      value: money(sum(values)),
    };
  });
  const reached = (stage: Stage) => stages.find((row) => row.stage === stage)?.reached ?? 0;
  const lost = cohort.filter(({ now }) => now.stage === "lost");
  const pipelineValue = money(sum(stages.filter((row) => isOpen(row.stage)).map((row) => row.value)));
  const target = cut.query.target ?? null;
  const coverage = target === null ? null : ratio(pipelineValue, target);
  // Activity: creation, interaction or stage move in the 30 days before asOf.
  const activeSince = cut.asOf - 30 * DAY_MS;
  const isActivity = (type: string) => ["LeadCreated", "InteractionLogged", "StageAdvanced"].includes(type);
  const stale = cohort.filter(
    ({ now, facts }) =>
      isOpen(now.stage) && !facts.some((fact) => isActivity(fact.type) && fact.at >= activeSince),
  ).length;
  return {
    asOf: isoOf(cut.asOf),
    window: windowOf(cut.query),
    stages,
    conversion: FUNNEL_STAGES.slice(0, -1).map((from, index) => {
      const to = FUNNEL_STAGES[index + 1] as Stage;
      return { from, to, rate: ratio(reached(to), reached(from)) };
    }),
    winRate: ratio(reached("won"), reached("lead")),
    lost: lost.length,
    lostByStage: Object.fromEntries(
      FUNNEL_STAGES.map((stage) => [stage, lost.filter(({ now }) => now.lostFrom === stage).length]),
    ),
    pipelineValue,
    target,
    coverage,
    coverageHealthy: coverage === null ? null : coverage >= 3,
    stale,
  };
};
