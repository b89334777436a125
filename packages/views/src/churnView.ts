import type { LostReason } from "@crm/domain";
import {
  inBusinessOrder,
  instant,
  isWithin,
  type TimeRange,
  windowKey,
  windowOfKey,
} from "./businessTime.ts";
import { atRiskCustomers, type CustomerAtRisk } from "./churnRisks.ts";
import type { CustomerFacts, StageMoveEntry } from "./customerFacts.ts";
import { type CustomerAsOf, customersAsOf } from "./customersAsOf.ts";
import { inDays, inHours, mean, median, ratio } from "./figures.ts";
import { keptPerList } from "./keptPerFacts.ts";
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

/** Everything but the risks: what the window's moves and complaints say, whatever the cut's instant. */
const windowFigures = keptPerList((customers, key) => {
  const window = windowOfKey(key);
  const movesInWindow = customers.flatMap(({ facts }) =>
    facts.stageMoves.filter((move) => isWithin(move.occurredAt, window)).map((move) => ({ facts, move })),
  );
  const losses = movesInWindow.filter(({ move }) => move.to === "lost");
  const reopens = movesInWindow.filter(({ move }) => move.from === "lost");

  const lostByStage = emptyStageCounts();
  for (const { move } of losses) if (move.from !== "lost") lostByStage[move.from] += 1;
  const lossDurations = losses.map(
    ({ facts, move }) => instant(move.occurredAt) - instant(startOfJourney(facts, move)),
  );
  const churned = losses.filter(({ move }) => move.from === "won").length;
  const totalAtStart = window.from === null ? 0 : wonJustBefore(customers, window.from);

  return {
    lostByStage,
    reasons: countReasons(losses.map(({ move }) => move)),
    daysToLoss: { mean: inDays(mean(lossDurations)), median: inDays(median(lossDurations)) },
    winBack: {
      attempted: reopens.length,
      succeeded: reopens.filter(({ facts, move }) => wonAfter(facts, move)).length,
    },
    customers: {
      new: movesInWindow.filter(({ facts, move }) => move.to === "won" && isFirstWin(facts, move)).length,
      churned,
      totalAtStart,
      totalAtEnd: totalAtEnd(customers, window),
    },
    churnRate: ratio(churned, totalAtStart),
    complaints: complaintFigures(customers, window),
  };
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

/** A lost reason is required on a loss; an old event without one counts as `other`, never disappears. */
const countReasons = (losses: readonly StageMoveEntry[]) => {
  const counts = new Map<LostReason, number>();
  for (const { lostReason } of losses)
    counts.set(lostReason ?? "other", (counts.get(lostReason ?? "other") ?? 0) + 1);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || compareText(a.reason, b.reason));
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
 * Customers whose stage was `won` just before an instant: their events before it, not at it
 * (instants are whole milliseconds). Stage moves are in business order, so the stage then is
 * the last move before it.
 */
const wonJustBefore = (customers: readonly CustomerAsOf[], at: number): number =>
  customers.filter(({ facts }) => {
    if (instant(facts.createdAt) >= at) return false;
    const moves = facts.stageMoves;
    let index = moves.length - 1;
    while (index >= 0 && instant(moves[index]!.occurredAt) >= at) index -= 1;
    return index >= 0 && moves[index]!.to === "won";
  }).length;

/** Just before `to`; with no `to`, at asOf. */
const totalAtEnd = (customers: readonly CustomerAsOf[], window: TimeRange): number =>
  window.to === null
    ? customers.filter(({ snapshot }) => snapshot.stage === "won").length
    : wonJustBefore(customers, window.to);

/** Complaints filed in the window, each as it stood at asOf. */
const complaintFigures = (customers: readonly CustomerAsOf[], window: TimeRange): ComplaintFigures => {
  const filed = customers.flatMap(({ facts }) =>
    facts.complaints.filter((complaint) => isWithin(complaint.filedAt, window)),
  );
  const sinceFiling = (at: string | null, filedAt: string) =>
    at === null ? [] : [instant(at) - instant(filedAt)];
  const toAcknowledge = filed.flatMap((complaint) =>
    sinceFiling(complaint.acknowledgedAt, complaint.filedAt),
  );
  const toResolve = filed.flatMap((complaint) => sinceFiling(complaint.resolvedAt, complaint.filedAt));
  return {
    filed: filed.length,
    // A resolved complaint was acknowledged first, so it counts as acknowledged too.
    acknowledged: toAcknowledge.length,
    resolved: toResolve.length,
    open: filed.length - toResolve.length,
    meanHoursToAcknowledge: inHours(mean(toAcknowledge)),
    meanHoursToResolve: inHours(mean(toResolve)),
  };
};
