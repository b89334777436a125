// The customer pyramid of contract section 5; first match wins.

export const VALUE_TIERS = ["top", "growth", "low", "negative"] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export type TierInputs = {
  netValue: number;
  /** Revenue in (asOf - 90d, asOf] and in (asOf - 180d, asOf - 90d]. */
  recentRevenue: number;
  previousRevenue: number;
};

/** The lowest netValue still in the top: the k-th largest positive one, k = ceil(0.2 x their count). */
export const topThreshold = (netValues: readonly number[]): number | null => {
  const positive = netValues.filter((value) => value > 0).sort((a, b) => b - a);
  // ceil(0.2 x count) computed as ceil(count / 5): whole numbers, no floating-point edge.
  return positive[Math.ceil(positive.length / 5) - 1] ?? null;
};

export const valueTier = (customer: TierInputs, threshold: number | null): ValueTier => {
  if (customer.netValue < 0) return "negative";
  if (customer.netValue > 0 && threshold !== null && customer.netValue >= threshold) return "top";
  if (customer.netValue > 0 && customer.recentRevenue > customer.previousRevenue) return "growth";
  return "low";
};
