// A failed batch is retried forever (skipping it would lose events, giving up would leave a
// read model stale with nobody told), so the waits must grow: a store that is down is not
// hammered, and one that comes back is noticed within the longest wait.

const FIRST_WAIT_MS = 100;
const LONGEST_WAIT_MS = 5_000;

/** The wait before retry number `failures` (1 after the first failure). */
export const backoffMs = (failures: number): number =>
  Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.max(0, failures - 1));

/** Waits `ms`, or less when `interrupt` fires: stopping must not wait out a long backoff. */
export const pause = (ms: number, interrupt: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (interrupt.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      interrupt.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    interrupt.addEventListener("abort", done, { once: true });
  });
