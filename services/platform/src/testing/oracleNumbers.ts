// The contract's number rules (section 5): money 2 decimals, ratios 4, days 2; a ratio with a
// zero denominator is null; an even median is the mean of the two middle values.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const rounded = (value: number, places: number): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor || 0;
};
export const money = (value: number): number => rounded(value, 2);
export const days = (ms: number): number => rounded(ms / DAY_MS, 2);
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : rounded(numerator / denominator, 4);
export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : sum(values) / values.length;
export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
export const roundedOrNull = (value: number | null, places: number): number | null =>
  value === null ? null : rounded(value, places);
