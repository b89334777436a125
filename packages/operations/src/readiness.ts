// Contract section 12: /health/ready answers 200 only while every backing store answers.
// Each store is asked with a short timeout, all at once, so a store that hangs (a dropped
// network, a server that stopped reading) is named within the timeout instead of holding
// the probe until the driver's own, much longer, timeout.

/** One backing store of a process and how to ask it whether it answers. */
export type BackingStoreCheck = {
  /** How the 503 names it: `eventStore`, `readStore`, `kafka`, ... */
  name: string;
  /** Resolves when the store answered; a rejection is the reason it is not ready. */
  check: () => Promise<unknown>;
};

export type Readiness = {
  ready: boolean;
  /** Each store: "up", or why not. */
  stores: Record<string, string>;
};

/** Long enough for a healthy store on a busy machine, short enough that a probe answers in time. */
export const STORE_CHECK_TIMEOUT_MS = 1_000;

const within = async (timeoutMs: number, work: () => Promise<unknown>): Promise<string> => {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      work().then(
        () => "up",
        (error: unknown) => (error instanceof Error ? error.message : String(error)) || "failed",
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
};

export const checkReadiness = async (
  checks: readonly BackingStoreCheck[],
  timeoutMs = STORE_CHECK_TIMEOUT_MS,
): Promise<Readiness> => {
  const answers = await Promise.all(
    checks.map(async ({ name, check }) => [name, await within(timeoutMs, check)] as const),
  );
  return {
    ready: answers.every(([, answer]) => answer === "up"),
    stores: Object.fromEntries(answers),
  };
};
