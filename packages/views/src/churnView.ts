import type { LostReason } from "@crm/domain";
import { inBusinessOrder, instant, isWithin, windowKey, windowOfKey } from "./businessTime.ts";
import { atRiskCustomers, type CustomerAtRisk } from "./churnRisks.ts";
import type { CustomerFacts, StageMoveEntry } from "./customerFacts.ts";
import { type CustomerAsOf, customersAsOf } from "./customersAsOf.ts";
import { inDays, inHours, median, ratio } from "./figures.ts";
import { summedPerList } from "./keptPerFacts.ts";
import { ascending, SortedList } from "./sortedList.ts";
import { emptyStageCounts, type StageCounts } from "./stageCounts.ts";
import { compareText } from "./textOrder.ts";
import { type AnsweredCut, type CustomerFilter, resolveCut, type WindowParams } from "./viewParams.ts";

export type ChurnParams = WindowParams & CustomerFilter;

export type ComplaintFigures = {
  filed: number;
  acknowledged: number;
  resolved: number;
  open: number;
  meanHoursToAcknowledge: number | null;
  meanHoursToResolve: number | null;
};

export type ChurnAnswer = AnsweredCut & {
  lostByStage: StageCounts;
  reasons: { reason: LostReason; count: number }[];
  daysToLoss: { mean: number | null; median: number | null };
  winBack: { attempted: number; succeeded: number };
  customers: { new: number; churned: number; totalAtStart: number; totalAtEnd: number };
  churnRate: number | null;
  complaints: ComplaintFigures;
  atRisk: CustomerAtRisk[];
};

export const churnView = (documents: readonly CustomerFacts[], params: ChurnParams): ChurnAnswer => {
  const cut = resolveCut(params);
  const customers = customersAsOf(documents, cut.asOf, params);
  return {
    ...cut.answered,
    ...windowFigures(customers, windowKey(cut.window)),
    atRisk: atRiskCustomers(customers, cut.asOf),
  };
};

/**
 * Everything but the risks: what the window's moves and complaints say, whatever the cut's
 * instant, summed per customer so it follows a change of the list. Durations are whole
 * milliseconds, so their sums are exact whatever the order they are added and taken out in.
 */
const windowFigures = summedPerList({
  empty: (key) => ({
    window: windowOfKey(key),
    lostByStage: emptyStageCounts(),
    reasons: new Map<LostReason, number>(),
    lossDurations: new SortedList(ascending),
    lossMs: 0,
    attempted: 0,
    succeeded: 0,
    new: 0,
    churned: 0,
    totalAtStart: 0,
    totalAtEnd: 0,
    filed: 0,
    acknowledged: 0,
    acknowledgeMs: 0,
    resolved: 0,
    resolveMs: 0,
  }),
  add: (sum, { facts, snapshot }: CustomerAsOf, sign) => {
    const { window } = sum;
    for (const move of facts.stageMoves) {
      if (!isWithin(move.occurredAt, window)) continue;
      if (move.to === "lost") {
        if (move.from !== "lost") sum.lostByStage[move.from] += sign;
        // A lost reason is required on a loss; an old event without one counts as `other`, never disappears.
        const reason = move.lostReason ?? "other";
        const count = (sum.reasons.get(reason) ?? 0) + sign;
        if (count === 0) sum.reasons.delete(reason);
        else sum.reasons.set(reason, count);
        const duration = instant(move.occurredAt) - instant(startOfJourney(facts, move));
        if (sign === 1) sum.lossDurations.add(duration);
        else sum.lossDurations.remove(duration);
        sum.lossMs += sign * duration;
        if (move.from === "won") sum.churned += sign;
      }
      if (move.from === "lost") {
        sum.attempted += sign;
        if (wonAfter(facts, move)) sum.succeeded += sign;
      }
      if (move.to === "won" && isFirstWin(facts, move)) sum.new += sign;
    }
    if (window.from !== null && wasWonJustBefore(facts, window.from)) sum.totalAtStart += sign;
    // Just before `to`; with no `to`, at asOf.
    if (window.to === null ? snapshot.stage === "won" : wasWonJustBefore(facts, window.to))
      sum.totalAtEnd += sign;
    // Complaints filed in the window, each as it stood at asOf; a resolved complaint was
    // acknowledged first, so it counts as acknowledged too.
    for (const complaint of facts.complaints) {
      if (!isWithin(complaint.filedAt, window)) continue;
      sum.filed += sign;
      if (complaint.acknowledgedAt !== null) {
        sum.acknowledged += sign;
        sum.acknowledgeMs += sign * (instant(complaint.acknowledgedAt) - instant(complaint.filedAt));
      }
      if (complaint.resolvedAt !== null) {
        sum.resolved += sign;
        sum.resolveMs += sign * (instant(complaint.resolvedAt) - instant(complaint.filedAt));
      }
    }
  },
  answer: (sum) => {
    const losses = sum.lossDurations.inOrder();
    return {
      lostByStage: { ...sum.lostByStage },
      reasons: [...sum.reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || compareText(a.reason, b.reason)),
      daysToLoss: {
        mean: inDays(losses.length === 0 ? null : sum.lossMs / losses.length),
        median: inDays(median(losses)),
      },
      winBack: { attempted: sum.attempted, succeeded: sum.succeeded },
      customers: {
        new: sum.new,
        churned: sum.churned,
        totalAtStart: sum.totalAtStart,
        totalAtEnd: sum.totalAtEnd,
      },
      churnRate: ratio(sum.churned, sum.totalAtStart),
      complaints: {
        filed: sum.filed,
        acknowledged: sum.acknowledged,
        resolved: sum.resolved,
        open: sum.filed - sum.resolved,
        meanHoursToAcknowledge: inHours(sum.acknowledged === 0 ? null : sum.acknowledgeMs / sum.acknowledged),
        meanHoursToResolve: inHours(sum.resolved === 0 ? null : sum.resolveMs / sum.resolved),
      },
    };
  },
});

/**
 * From the customer's first interaction, or its creation when it had none before this loss.
 * "First" is the earliest in business time, a back-dated call included; for a second loss after
 * a win-back it is still the first interaction ever, so the figure is the whole relationship's.
 */
const startOfJourney = (facts: CustomerFacts, loss: StageMoveEntry): string => {
  const first = facts.interactions[0];
  return first !== undefined && inBusinessOrder(first, loss) < 0 ? first.occurredAt : facts.createdAt;
};

/**
 * A win-back succeeds when the reopened deal is won (by asOf, the facts being cut there)
 * before it is lost again; a win after a later loss belongs to the later reopen.
 */
const wonAfter = (facts: CustomerFacts, reopen: StageMoveEntry): boolean => {
  const next = facts.stageMoves.find(
    (move) => inBusinessOrder(move, reopen) > 0 && (move.to === "won" || move.to === "lost"),
  );
  return next?.to === "won";
};

const isFirstWin = (facts: CustomerFacts, win: StageMoveEntry): boolean =>
  facts.stageMoves.find((move) => move.to === "won") === win;

/**
 * Whether the customer's stage was `won` just before an instant: its events before it, not at it
 * (instants are whole milliseconds). Stage moves are in business order, so the stage then is
 * the last move before it.
 */
const wasWonJustBefore = (facts: CustomerFacts, at: number): boolean => {
  if (instant(facts.createdAt) >= at) return false;
  const moves = facts.stageMoves;
  let index = moves.length - 1;
  while (index >= 0 && instant(moves[index]!.occurredAt) >= at) index -= 1;
  return index >= 0 && moves[index]!.to === "won";
};
