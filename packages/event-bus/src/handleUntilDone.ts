import type { ConsumeOptions } from "./customerEventBus.ts";
import { backoffMs, pause } from "./retryBackoff.ts";

/**
 * Runs `attempt` until it succeeds, waiting longer after each failure. Returns false when
 * `leave` fired first: the batch is then left uncommitted for the group's next member.
 *
 * An attempt already running is always awaited, never abandoned: a handler still writing
 * after its batch was handed to another member could put back an older document over a
 * newer one. Only the waits between attempts are cut short.
 */
export const handleUntilDone = async (
  attempt: () => Promise<void>,
  options: { leave: AbortSignal; onError?: ConsumeOptions["onError"] },
): Promise<boolean> => {
  for (let failures = 1; !options.leave.aborted; failures++) {
    try {
      await attempt();
      return true;
    } catch (error) {
      const wait = backoffMs(failures);
      tell(options.onError, error, wait);
      await pause(wait, options.leave);
    }
  }
  return false;
};

// A listener that throws must not turn a retried batch into a lost one.
const tell = (onError: ConsumeOptions["onError"], error: unknown, wait: number): void => {
  try {
    onError?.(error, wait);
  } catch {
    // nothing to do: the retry goes on regardless
  }
};
