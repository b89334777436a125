import { type LifecycleStage, lifecycleOf, type Stage } from "@crm/domain";
import { inBusinessOrder } from "./businessTime.ts";
import type { BusinessMoment, CustomerFacts } from "./customerFacts.ts";
import { keptPerFacts } from "./keptPerFacts.ts";

/** A change of lifecycle stage and the business moment of the event that caused it. */
export type LifecycleChange = BusinessMoment & { from: LifecycleStage | null; to: LifecycleStage };

type Step = BusinessMoment & { apply: (state: Running) => void };
type Running = { stage: Stage; everWon: boolean; orders: number; creditedReferrals: Set<string> };

/**
 * Every lifecycle change of one customer, folding in business-time order: a late-appended
 * referral credit counts where it happened. An event that leaves the lifecycle stage as it
 * was (an owner change, a purchase by a `repeat` customer) is no change; a new lead is null -> prospect.
 */
export const lifecycleChanges = keptPerFacts((facts: CustomerFacts): readonly LifecycleChange[] => {
  const steps: Step[] = [
    ...facts.stageMoves.map((move) => ({
      ...moment(move),
      apply: (state: Running) => {
        state.stage = move.to;
        if (move.to === "won") {
          state.everWon = true;
          state.orders += 1;
        }
      },
    })),
    ...facts.orders
      .filter((order) => order.kind === "purchase")
      .map((order) => ({
        ...moment(order),
        apply: (state: Running) => {
          state.orders += 1;
        },
      })),
    ...facts.referralCredits.map((credit) => ({
      ...moment(credit),
      apply: (state: Running) => {
        state.creditedReferrals.add(credit.referredCustomerId);
      },
    })),
  ].sort(inBusinessOrder);

  const state: Running = { stage: "lead", everWon: false, orders: 0, creditedReferrals: new Set() };
  const changes: LifecycleChange[] = [
    { occurredAt: facts.createdAt, revision: 0, from: null, to: "prospect" },
  ];
  let current = lifecycleOf(state);
  for (const step of steps) {
    step.apply(state);
    const next = lifecycleOf(state);
    if (next !== current) changes.push({ ...moment(step), from: current, to: next });
    current = next;
  }
  return changes;
});

const moment = ({ occurredAt, revision }: BusinessMoment): BusinessMoment => ({ occurredAt, revision });
