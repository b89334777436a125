import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { DEFAULT_RETRY, deliverUntilAccepted } from "./deliveryRetries.ts";

// Contract section 11: retried with growing waits for at least 24 h. The schedule doubles from
// its first wait to its longest and then keeps the longest: it never gives up.

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const refused = { delivered: false as const, status: 503, reason: "answered 503" };

it("given a receiver that refuses, the waits double from 5 s to one hour and stay there, so attempts continue past 24 h", async () => {
  const stop = new AbortController();
  const told: Array<{ attempt: number; wait: number }> = [];
  const delivering = deliverUntilAccepted(async () => refused, {
    schedule: DEFAULT_RETRY,
    signal: stop.signal,
    onRefused: async (_answer, attempt, wait) => {
      told.push({ attempt, wait });
      if (attempt === 60) stop.abort();
    },
  });
  const outcome = delivering.catch((error: unknown) => error);
  await vi.advanceTimersByTimeAsync(60 * 3_600_000);

  expect(await outcome).toBe(stop.signal.reason);
  const waits = told.map(({ wait }) => wait);
  expect(told.map(({ attempt }) => attempt)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
  expect(waits.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
  for (let index = 1; index < waits.length; index++)
    expect(waits[index]).toBeGreaterThanOrEqual(waits[index - 1] ?? 0);
  expect(waits.at(-1)).toBe(3_600_000);
  const hoursCovered = waits.reduce((sum, wait) => sum + wait, 0) / 3_600_000;
  expect(hoursCovered).toBeGreaterThan(24);
});

it("given a receiver that refuses twice, it is delivered on the third attempt after each refusal was told", async () => {
  let attempts = 0;
  const told: string[] = [];
  const delivered = deliverUntilAccepted(
    async () => {
      attempts += 1;
      return attempts < 3 ? refused : { delivered: true };
    },
    {
      schedule: { firstMs: 10, longestMs: 40 },
      signal: new AbortController().signal,
      onRefused: async (answer, attempt, wait) => {
        told.push(`${attempt}: ${answer.reason}, again in ${wait} ms`);
      },
    },
  );
  await vi.advanceTimersByTimeAsync(100);

  await expect(delivered).resolves.toBeUndefined();
  expect(told).toEqual(["1: answered 503, again in 10 ms", "2: answered 503, again in 20 ms"]);
});

it("given a failure that is not the receiver's answer, it is thrown at once, not retried", async () => {
  let attempts = 0;
  const bug = new Error("the message could not be signed");
  const delivering = deliverUntilAccepted(
    async () => {
      attempts += 1;
      throw bug;
    },
    { schedule: DEFAULT_RETRY, signal: new AbortController().signal, onRefused: async () => undefined },
  );

  await expect(delivering).rejects.toBe(bug);
  expect(attempts).toBe(1);
});
