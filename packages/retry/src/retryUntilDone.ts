import pRetry from "p-retry";

// Work that must never be given up (a subscriber's restart, a batch a read model needs, a
// consumer group's member): skipping it would lose events, giving up would leave a read model
// stale with nobody told. So it is retried until it is done or the caller stops, with waits
// that grow (a store that is down is not hammered) up to a longest wait (one that comes back
// is noticed soon). Bounded retries (a lost race for a revision) use p-retry directly.

export type Waits = { firstMs: number; longestMs: number };

/** p-retry's options for waits that double from the first to the longest, and attempts without end. */
export const retryingWithoutEnd = (waits: Waits) => ({
  retries: Number.POSITIVE_INFINITY,
  factor: 2,
  minTimeout: waits.firstMs,
  maxTimeout: waits.longestMs,
});

export type RetryUntilDoneOptions = {
  waits: Waits;
  /** Ends the retrying; an attempt already running is awaited, never abandoned. */
  signal: AbortSignal;
  /** Told after each failure, with the wait before the next attempt. */
  onFailure?: ((error: unknown, retryInMs: number) => void) | undefined;
  /** A failure that already happened: it counts as the first failed attempt, told with the first wait. */
  failedBefore?: unknown;
};

/** Carries any failure through p-retry, which would give up on a TypeError (a bug is retried too). */
class Failure extends Error {
  readonly failure: unknown;
  constructor(failure: unknown) {
    super("attempt failed", { cause: failure });
    this.failure = failure;
  }
}

// A listener that throws (a logger not ready yet, say) must not end the retrying.
const tell = (onFailure: RetryUntilDoneOptions["onFailure"], error: unknown, wait: number) => {
  try {
    onFailure?.(error, wait);
  } catch {
    // the retrying goes on regardless
  }
};

/** Resolves true once `attempt` succeeded, false if `signal` ended the retrying first. */
export const retryUntilDone = async (
  attempt: () => Promise<void>,
  options: RetryUntilDoneOptions,
): Promise<boolean> => {
  let done = false;
  try {
    await pRetry(
      async (attemptNumber) => {
        if (attemptNumber === 1 && "failedBefore" in options) throw new Failure(options.failedBefore);
        await attempt().catch((error: unknown) => {
          throw new Failure(error);
        });
        done = true;
      },
      {
        ...retryingWithoutEnd(options.waits),
        signal: options.signal,
        onFailedAttempt: ({ error, retryDelay }) =>
          tell(options.onFailure, error instanceof Failure ? error.failure : error, retryDelay),
      },
    );
  } catch {
    // Only the signal ends the retrying; work done as it fired is still done.
  }
  return done;
};
