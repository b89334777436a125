import { expect, it } from "vitest";
import { DEFAULT_RETRY, waitBefore } from "./webhookDelivery.ts";

// Contract section 11: retried with growing waits for at least 24 h. The schedule doubles from
// its first wait to its longest and then keeps the longest: it never gives up.

it("given the default schedule, the waits double from 5 s to one hour and stay there, so attempts continue past 24 h", () => {
  const waits = Array.from({ length: 60 }, (_, index) => waitBefore(index + 1, DEFAULT_RETRY));
  expect(waits.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
  for (let index = 1; index < waits.length; index++)
    expect(waits[index]).toBeGreaterThanOrEqual(waits[index - 1] ?? 0);
  expect(waits.at(-1)).toBe(3_600_000);
  const hoursCovered = waits.reduce((sum, wait) => sum + wait, 0) / 3_600_000;
  expect(hoursCovered).toBeGreaterThan(24);
  expect(waitBefore(10_000, DEFAULT_RETRY)).toBe(3_600_000);
});
