import type { Customer } from "./customerState.ts";
import { isOpenStage } from "./stages.ts";

export const LIFECYCLE_STAGES = ["prospect", "customer", "repeat", "advocate", "churned", "lost"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Contract section 1: derived, never commanded; first match wins. */
export const lifecycleOf = (
  customer: Pick<Customer, "stage" | "everWon" | "orders" | "creditedReferrals">,
): LifecycleStage => {
  if (customer.stage === "lost") return customer.everWon ? "churned" : "lost";
  if (isOpenStage(customer.stage)) return "prospect";
  if (customer.creditedReferrals.size > 0) return "advocate";
  if (customer.orders >= 2) return "repeat";
  return "customer";
};
