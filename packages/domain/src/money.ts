import { z } from "zod";

// Money crosses the API as a JSON number; cents must be exact, so more than
// two decimals is rejected rather than silently rounded.
const hasAtMostTwoDecimals = (value: number): boolean => {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
};

export const moneySchema = z
  .number()
  .nonnegative()
  .max(1e13)
  .refine(hasAtMostTwoDecimals, { message: "must have at most 2 decimals" });

export const positiveMoneySchema = moneySchema.refine((value) => value > 0, {
  message: "must be greater than 0",
});

export const roundMoney = (value: number): number => Math.round(value * 100) / 100;
export const roundRatio = (value: number): number => Math.round(value * 10_000) / 10_000;
