import { describe, expect, it } from "vitest";
import { lifecycleOf } from "./lifecycle.ts";

const customer = (stage: string, everWon: boolean, orders = 0, referrals = 0) =>
  ({
    stage,
    everWon,
    orders,
    creditedReferrals: new Set(Array.from({ length: referrals }, (_, i) => `r${i}`)),
  }) as Parameters<typeof lifecycleOf>[0];

describe("lifecycle stage, first match wins", () => {
  it.each([
    [customer("lost", true, 1), "churned"],
    [customer("lost", false), "lost"],
    [customer("qualified", true, 1), "prospect"],
    [customer("won", true, 3, 1), "advocate"],
    [customer("won", true, 2), "repeat"],
    [customer("won", true, 1), "customer"],
  ])("%o is %s", (state, expected) => expect(lifecycleOf(state)).toBe(expected));
});
