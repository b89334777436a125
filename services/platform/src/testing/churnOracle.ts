import { FUNNEL_STAGES } from "@crm/domain";
import { fold } from "./oracleCustomer.ts";
import { type Cut, customersAt, inWindow, isoOf, windowOf } from "./oracleCut.ts";
import type { CustomerFacts, Fact } from "./oracleFacts.ts";
import { DAY_MS, HOUR_MS, mean, median, ratio, roundedOrNull } from "./oracleNumbers.ts";

// Contract section 5, "Churn", computed literally from the client's record.

type Move = Extract<Fact, { type: "StageAdvanced" }>;

const moves = (facts: readonly Fact[]): Move[] =>
  facts.filter((fact): fact is Move => fact.type === "StageAdvanced");

export const churnOracle = (all: readonly CustomerFacts[], cut: Cut) => {
  const customers = customersAt(all, cut);
  const losses = customers.flatMap(({ now, facts }) =>
    moves(facts)
      .filter((move) => move.to === "lost" && inWindow(move.at, cut))
      .map((move) => {
        // From the first interaction, or the lead's creation when none came before the loss.
        const firstInteraction = facts.find((fact) => fact.type === "InteractionLogged" && fact.at < move.at);
        return { move, days: (move.at - (firstInteraction?.at ?? now.createdAt)) / DAY_MS };
      }),
  );
  const reasonCounts = new Map<string, number>();
  for (const { move } of losses)
    reasonCounts.set(move.lostReason as string, (reasonCounts.get(move.lostReason as string) ?? 0) + 1);
  // A reopen succeeded when that attempt reached won: a win after it and before the next loss
  // (a later attempt's win is that attempt's success, not this one's).
  const reopens = customers.flatMap(({ facts }) =>
    moves(facts)
      .filter((move) => move.from === "lost" && inWindow(move.at, cut))
      .map((reopen) => {
        const after = moves(facts).filter((move) => move.at > reopen.at);
        const nextLoss = after.find((move) => move.to === "lost")?.at ?? Number.POSITIVE_INFINITY;
        return after.some((move) => move.to === "won" && move.at < nextLoss);
      }),
  );
  const wonJustBefore = (instant: number) =>
    customers.filter(
      ({ now, facts }) =>
        fold(
          now.customerId,
          facts.filter((fact) => fact.at < instant),
        )?.stage === "won",
    ).length;
  const churned = losses.filter(({ move }) => move.from === "won").length;
  const totalAtStart = cut.from === null ? 0 : wonJustBefore(cut.from);
  const complaints = customers.flatMap(({ now }) =>
    [...now.complaints.values()].filter((complaint) => inWindow(complaint.filedAt, cut)),
  );
  const acknowledged = complaints.filter((complaint) => complaint.acknowledgedAt !== null);
  const resolved = complaints.filter((complaint) => complaint.resolvedAt !== null);
  const hours = (later: number, earlier: number) => (later - earlier) / HOUR_MS;
  return {
    asOf: isoOf(cut.asOf),
    window: windowOf(cut.query),
    lostByStage: Object.fromEntries(
      FUNNEL_STAGES.map((stage) => [stage, losses.filter(({ move }) => move.from === stage).length]),
    ),
    reasons: [...reasonCounts]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
    daysToLoss: {
      mean: roundedOrNull(mean(losses.map((loss) => loss.days)), 2),
      median: roundedOrNull(median(losses.map((loss) => loss.days)), 2),
    },
    winBack: { attempted: reopens.length, succeeded: reopens.filter(Boolean).length },
    customers: {
      new: customers.filter(({ facts }) => {
        const firstWin = moves(facts).find((move) => move.to === "won");
        return firstWin !== undefined && inWindow(firstWin.at, cut);
      }).length,
      churned,
      totalAtStart,
      totalAtEnd: wonJustBefore(cut.to ?? cut.asOf + 1),
    },
    churnRate: ratio(churned, totalAtStart),
    complaints: {
      filed: complaints.length,
      acknowledged: acknowledged.length,
      resolved: resolved.length,
      open: complaints.length - resolved.length,
      meanHoursToAcknowledge: roundedOrNull(
        mean(acknowledged.map((complaint) => hours(complaint.acknowledgedAt as number, complaint.filedAt))),
        2,
      ),
      meanHoursToResolve: roundedOrNull(
        mean(resolved.map((complaint) => hours(complaint.resolvedAt as number, complaint.filedAt))),
        2,
      ),
    },
    atRisk: customers
      .filter(({ now }) => now.stage === "won")
      .map(({ now, facts }) => {
        const within = (at: number, span: number) => at > cut.asOf - span * DAY_MS && at <= cut.asOf;
        const complaintsNow = [...now.complaints.values()];
        const risks = [
          !facts.some((fact) => fact.type === "InteractionLogged" && within(fact.at, 60)) &&
          !now.orders.some((order) => within(order.at, 60))
            ? "inactive"
            : null,
          complaintsNow.some(
            (complaint) => ["high", "critical"].includes(complaint.severity) && complaint.resolvedAt === null,
          )
            ? "open_severe_complaint"
            : null,
          complaintsNow.filter((complaint) => within(complaint.filedAt, 90)).length >= 3
            ? "repeated_complaints"
            : null,
        ].filter((risk): risk is string => risk !== null);
        return { customerId: now.customerId, risks };
      })
      .filter(({ risks }) => risks.length > 0)
      .sort((a, b) => b.risks.length - a.risks.length || (a.customerId < b.customerId ? -1 : 1)),
  };
};
