import { isOpenStage, OPEN_STAGES, type OpenStage } from "@crm/domain";
import { instant, isWithin, windowKey, windowOfKey } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { type CustomerAsOf, customersAsOf } from "./customersAsOf.ts";
import { inDays, median } from "./figures.ts";
import { summedPerList } from "./keptPerFacts.ts";
import { ascending, SortedList } from "./sortedList.ts";
import { type AnsweredCut, resolveCut, type WindowParams } from "./viewParams.ts";

// Contract 9.6, stage velocity: how long customers stay in each open stage, and how long
// a lead takes to become a first win. A stay ends when the customer moves on, wins or is lost.

export type StageVelocityParams = WindowParams & { ownerId?: string };

export type StageStays = {
  stage: OpenStage;
  stays: number;
  meanDays: number | null;
  medianDays: number | null;
};

export type StageVelocityAnswer = AnsweredCut & {
  stages: StageStays[];
  cycleDays: { mean: number | null; median: number | null };
};

/** A customer's stays in open stages, each with when it ended, from its (already cut) facts. */
const staysOf = (facts: CustomerFacts) => {
  const stays: { stage: OpenStage; endedAt: string; ms: number }[] = [];
  let enteredAt = facts.createdAt;
  for (const move of facts.stageMoves) {
    if (isOpenStage(move.from))
      stays.push({
        stage: move.from,
        endedAt: move.occurredAt,
        ms: instant(move.occurredAt) - instant(enteredAt),
      });
    enteredAt = move.occurredAt;
  }
  return stays;
};

export const stageVelocityView = (
  documents: readonly CustomerFacts[],
  params: StageVelocityParams,
): StageVelocityAnswer => {
  const cut = resolveCut(params);
  const customers = customersAsOf(
    documents,
    cut.asOf,
    params.ownerId === undefined ? {} : { ownerId: params.ownerId },
  );
  return { ...cut.answered, ...velocityOf(customers, windowKey(cut.window)) };
};

/**
 * The stays and first-win cycles that ended in the window, summed per customer so the figures
 * follow a change of the list: durations are whole milliseconds, kept sorted for the medians.
 */
const velocityOf = summedPerList({
  empty: (key) => ({
    window: windowOfKey(key),
    stays: new Map<OpenStage, { list: SortedList<number>; ms: number }>(
      OPEN_STAGES.map((stage) => [stage, { list: new SortedList(ascending), ms: 0 }]),
    ),
    cycles: { list: new SortedList(ascending), ms: 0 },
  }),
  add: (sum, { facts }: CustomerAsOf, sign) => {
    const count = (durations: { list: SortedList<number>; ms: number }, ms: number) => {
      if (sign === 1) durations.list.add(ms);
      else durations.list.remove(ms);
      durations.ms += sign * ms;
    };
    for (const stay of staysOf(facts))
      if (isWithin(stay.endedAt, sum.window)) count(sum.stays.get(stay.stage)!, stay.ms);
    const firstWin = facts.stageMoves.find((move) => move.to === "won");
    if (firstWin && isWithin(firstWin.occurredAt, sum.window))
      count(sum.cycles, instant(firstWin.occurredAt) - instant(facts.createdAt));
  },
  answer: (sum) => {
    const figures = ({ list, ms }: { list: SortedList<number>; ms: number }) => {
      const durations = list.inOrder();
      return {
        count: durations.length,
        mean: inDays(durations.length === 0 ? null : ms / durations.length),
        median: inDays(median(durations)),
      };
    };
    return {
      stages: OPEN_STAGES.map((stage) => {
        const { count, mean, median } = figures(sum.stays.get(stage)!);
        return { stage, stays: count, meanDays: mean, medianDays: median };
      }),
      cycleDays: (({ mean, median }) => ({ mean, median }))(figures(sum.cycles)),
    };
  },
});
