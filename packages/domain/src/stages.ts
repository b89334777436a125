// The sales funnel's vocabulary and the moves the contract (section 1) allows.

export const OPEN_STAGES = ["lead", "qualified", "proposal", "negotiation"] as const;
/** The ordered funnel: `lost` is not a step of it. */
export const FUNNEL_STAGES = [...OPEN_STAGES, "won"] as const;
export const STAGES = [...FUNNEL_STAGES, "lost"] as const;

export type OpenStage = (typeof OPEN_STAGES)[number];
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type Stage = (typeof STAGES)[number];

export const LOST_REASONS = [
  "price",
  "needs_unmet",
  "communication",
  "customer_side",
  "competitor",
  "product_fit",
  "neglected",
  "slow_updates",
  "no_value",
  "other",
] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export const isOpenStage = (stage: Stage): stage is OpenStage =>
  (OPEN_STAGES as readonly string[]).includes(stage);

/** Position in the funnel order; `lost` has none. */
export const funnelRank = (stage: FunnelStage): number => FUNNEL_STAGES.indexOf(stage);

export type StageMoveKind = "advance" | "win" | "loss" | "reopen";

/** The kind of a move, or null when section 1 does not allow it (same stage included). */
export const stageMoveKind = (from: Stage, to: Stage): StageMoveKind | null => {
  if (from === to) return null;
  if (to === "lost") return isOpenStage(from) || from === "won" ? "loss" : null;
  if (from === "lost") return to === "lead" || to === "qualified" ? "reopen" : null;
  if (!isOpenStage(from)) return null;
  if (to === "won") return "win";
  return funnelRank(to) > funnelRank(from) ? "advance" : null;
};
