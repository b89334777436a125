import { describe, expect, it } from "vitest";
import { retryUntilDone } from "./retryUntilDone.ts";

const waits = { firstMs: 1, longestMs: 4 };

describe("retryUntilDone", () => {
  it("given an attempt that fails three times, when retried, then it is done and every failure was told with a growing wait", async () => {
    const told: Array<{ error: unknown; wait: number }> = [];
    let attempts = 0;
    const done = await retryUntilDone(
      async () => {
        attempts += 1;
        // A TypeError is a bug's usual shape: it is retried like any other failure.
        if (attempts <= 3) throw new TypeError(`failure ${attempts}`);
      },
      { waits, signal: new AbortController().signal, onFailure: (error, wait) => told.push({ error, wait }) },
    );

    expect(done).toBe(true);
    expect(told.map(({ error }) => (error as Error).message)).toEqual([
      "failure 1",
      "failure 2",
      "failure 3",
    ]);
    expect(told.map(({ wait }) => wait)).toEqual([1, 2, 4]);
  });

  it("given a failure that already happened, when retried, then it is told first and the attempt runs after the first wait", async () => {
    const told: unknown[] = [];
    let attempts = 0;
    const done = await retryUntilDone(
      async () => {
        attempts += 1;
      },
      {
        waits,
        signal: new AbortController().signal,
        failedBefore: "subscription dropped",
        onFailure: (error) => told.push(error),
      },
    );

    expect({ done, attempts, told }).toEqual({ done: true, attempts: 1, told: ["subscription dropped"] });
  });

  it("given an attempt that never succeeds, when the signal fires, then it stops and says it is not done", async () => {
    const stop = new AbortController();
    let attempts = 0;
    const retrying = retryUntilDone(
      async () => {
        attempts += 1;
        if (attempts === 3) stop.abort();
        throw new Error("still down");
      },
      { waits, signal: stop.signal },
    );

    expect(await retrying).toBe(false);
    expect(attempts).toBe(3);
  });

  it("given a listener that throws, when an attempt fails, then the retrying goes on", async () => {
    let attempts = 0;
    const done = await retryUntilDone(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("once");
      },
      {
        waits,
        signal: new AbortController().signal,
        onFailure: () => {
          throw new Error("listener broke");
        },
      },
    );

    expect(done).toBe(true);
  });
});
