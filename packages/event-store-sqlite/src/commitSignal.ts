/**
 * Tells in-process subscribers that a commit happened, so they read instead of polling.
 * `commits` only grows: a subscriber notes it before reading and, if it moved while reading,
 * reads again instead of waiting for a signal it already missed.
 */
export type CommitSignal = {
  readonly commits: number;
  committed(): void;
  /** Resolves at the next commit, or after `timeoutMs`, or when `abort` fires, whichever is first. */
  next(timeoutMs: number, abort: AbortSignal): Promise<void>;
};

export const commitSignal = (): CommitSignal => {
  let commits = 0;
  let waiters = new Set<() => void>();
  return {
    get commits() {
      return commits;
    },
    committed() {
      commits += 1;
      const woken = waiters;
      waiters = new Set();
      for (const wake of woken) wake();
    },
    next(timeoutMs, abort) {
      return new Promise((resolve) => {
        if (abort.aborted) return resolve();
        const timer = setTimeout(done, timeoutMs);
        abort.addEventListener("abort", done, { once: true });
        waiters.add(done);
        function done(): void {
          clearTimeout(timer);
          abort.removeEventListener("abort", done);
          waiters.delete(done);
          resolve();
        }
      });
    },
  };
};
