import { z } from "zod";

// Money crosses the API as a JSON number; cents must be exact, so more than
// two decimals is rejected rather than silently rounded.
const hasAtMostTwoDecimals = (value: number): boolean => {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
};

const money = (lowerBound: z.ZodNumber) =>
  lowerBound.max(1e13).refine(hasAtMostTwoDecimals, { message: "must have at most 2 decimals" });

export const moneySchema = money(z.number().nonnegative());

// One lower bound, so a negative amount is told one reason ("greater than 0"), not two.
export const positiveMoneySchema = money(z.number().positive({ message: "must be greater than 0" }));

export const roundMoney = (value: number): number => Math.round(value * 100) / 100;
export const roundRatio = (value: number): number => Math.round(value * 10_000) / 10_000;
