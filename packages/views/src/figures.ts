import { roundRatio } from "@crm/domain";
import { DAY_MS, HOUR_MS } from "./businessTime.ts";

// The contract's rounding (section 5): money to 2 decimals, ratios to 4, days to 2,
// and a ratio over zero is null rather than NaN or Infinity.

/** Summed in whole cents, so 0.1 + 0.2 is 0.3 however many amounts there are. */
export const sumMoney = (amounts: Iterable<number>): number => {
  let cents = 0;
  for (const amount of amounts) cents += Math.round(amount * 100);
  return cents / 100;
};

export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : roundRatio(numerator / denominator);

const roundTo2 = (value: number): number => Math.round(value * 100) / 100;

export const days = (ms: number): number => roundTo2(ms / DAY_MS);
export const hours = (ms: number): number => roundTo2(ms / HOUR_MS);

export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Of an even count, the mean of the two middle values (contract section 5). */
export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Rounds once, after averaging raw durations, so the rounding does not compound. */
export const inDays = (ms: number | null): number | null => (ms === null ? null : days(ms));
export const inHours = (ms: number | null): number | null => (ms === null ? null : hours(ms));
