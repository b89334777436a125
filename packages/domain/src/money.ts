import { z } from "zod";

// Money crosses the API as a JSON number; cents must be exact, so more than
// two decimals is rejected rather than silently rounded. A number has at most two
// decimals when it is the very number its two-decimal spelling parses to: 0.3 is,
// 0.30000000000000004 (0.1 + 0.2 in floating point) is not, however close.
const hasAtMostTwoDecimals = (value: number): boolean => Number(value.toFixed(2)) === value;

const MAX_MONEY = 1e13;
const money = (lowerBound: z.ZodNumber) =>
  lowerBound
    .max(MAX_MONEY)
    .refine(hasAtMostTwoDecimals, { message: "must have at most 2 decimals" })
    .meta({ multipleOf: 0.01 });

/**
 * Money as events hold it: whatever a command accepted when it was recorded. Events recorded
 * before the exact two-decimal check must stay readable, so the stored shape does not re-judge them.
 */
export const recordedMoneySchema = z.number().nonnegative().max(MAX_MONEY);

export const moneySchema = money(z.number().nonnegative());

// One lower bound, so a negative amount is told one reason ("greater than 0"), not two.
export const positiveMoneySchema = money(z.number().positive({ message: "must be greater than 0" }));

export const roundMoney = (value: number): number => Math.round(value * 100) / 100;
export const roundRatio = (value: number): number => Math.round(value * 10_000) / 10_000;
