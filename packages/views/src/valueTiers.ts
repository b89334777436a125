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
export const topThreshold = (netValues: readonly number[]): number | null =>
  topThresholdOfDescending(netValues.filter((value) => value > 0).sort((a, b) => b - a));

/** topThreshold of net values already in descending order. */
export const topThresholdOfDescending = (descending: readonly number[]): number | null => {
  let positive = 0;
  while (positive < descending.length && descending[positive]! > 0) positive += 1;
  // ceil(0.2 x count) computed as ceil(count / 5): whole numbers, no floating-point edge.
  return positive === 0 ? null : descending[Math.ceil(positive / 5) - 1]!;
};

export const valueTier = (customer: TierInputs, threshold: number | null): ValueTier => {
  if (customer.netValue < 0) return "negative";
  if (customer.netValue > 0 && threshold !== null && customer.netValue >= threshold) return "top";
  if (customer.netValue > 0 && customer.recentRevenue > customer.previousRevenue) return "growth";
  return "low";
};
