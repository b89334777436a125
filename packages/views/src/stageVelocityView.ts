import { isOpenStage, OPEN_STAGES, type OpenStage } from "@crm/domain";
import { instant, isWithin } from "./businessTime.ts";
import type { CustomerFacts } from "./customerFacts.ts";
import { customersAsOf } from "./customersAsOf.ts";
import { inDays, mean, median } from "./figures.ts";
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

  const durations = new Map<OpenStage, number[]>(OPEN_STAGES.map((stage) => [stage, []]));
  const cycles: number[] = [];
  for (const { facts } of customers) {
    for (const stay of staysOf(facts))
      if (isWithin(stay.endedAt, cut.window)) durations.get(stay.stage)?.push(stay.ms);
    const firstWin = facts.stageMoves.find((move) => move.to === "won");
    if (firstWin && isWithin(firstWin.occurredAt, cut.window))
      cycles.push(instant(firstWin.occurredAt) - instant(facts.createdAt));
  }

  return {
    ...cut.answered,
    stages: OPEN_STAGES.map((stage) => {
      const stays = durations.get(stage) ?? [];
      return { stage, stays: stays.length, meanDays: inDays(mean(stays)), medianDays: inDays(median(stays)) };
    }),
    cycleDays: { mean: inDays(mean(cycles)), median: inDays(median(cycles)) },
  };
};
