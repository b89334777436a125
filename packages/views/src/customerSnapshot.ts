import { type FunnelStage, funnelRank, type LifecycleStage, lifecycleOf, type Stage } from "@crm/domain";
import type { CustomerFacts } from "./customerFacts.ts";

/** Where one customer stood at the end of (already cut) facts. */
export type CustomerSnapshot = {
  stage: Stage;
  everWon: boolean;
  /** Highest stage ever reached in the funnel order; `lost` is no step of it. */
  highestStage: FunnelStage;
  /** The owner at that moment (the filters use the current one, `facts.ownerId`). */
  ownerId: string | null;
  /** The latest one given, at creation or on a stage move. */
  expectedValue: number | null;
  latestWinAmount: number | null;
  /** The stage the customer was lost from, while it is lost. */
  lostFrom: Stage | null;
  orders: number;
  lifecycle: LifecycleStage;
};

export const customerSnapshot = (facts: CustomerFacts): CustomerSnapshot => {
  const lastMove = facts.stageMoves.at(-1);
  const stage = lastMove?.to ?? "lead";
  let highestStage: FunnelStage = "lead";
  let latestWinAmount: number | null = null;
  let everWon = false;
  for (const move of facts.stageMoves) {
    if (move.to === "lost") continue;
    if (funnelRank(move.to) > funnelRank(highestStage)) highestStage = move.to;
    if (move.to === "won") {
      everWon = true;
      latestWinAmount = move.amount;
    }
  }
  const orders = facts.orders.length;
  const creditedReferrals = new Set(facts.referralCredits.map((credit) => credit.referredCustomerId));
  return {
    stage,
    everWon,
    highestStage,
    ownerId: facts.owners.at(-1)?.ownerId ?? null,
    expectedValue: facts.expectedValues.at(-1)?.expectedValue ?? null,
    latestWinAmount,
    lostFrom: stage === "lost" ? (lastMove?.from ?? null) : null,
    orders,
    lifecycle: lifecycleOf({ stage, everWon, orders, creditedReferrals }),
  };
};
