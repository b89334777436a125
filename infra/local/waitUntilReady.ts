// The wait both local servers' start scripts end with: probe the server until it answers,
// for as long as its process lives. Exits 0 when ready, 1 on timeout, 2 when the server
// process is gone (start.sh then prints the server's log and stops it).

/** The server process to watch ("" when there is none) and how long to wait for it. */
export type ServerToWatch = { pid: string; timeoutSeconds: string };

/** A ready.ts's command line, `<address> <server pid> <timeout seconds>`, each with its default. */
export const readinessArguments = (defaults: { address: string; timeoutSeconds: string }) => {
  const [address = defaults.address, pid = "", timeoutSeconds = defaults.timeoutSeconds] =
    process.argv.slice(2);
  return { address, server: { pid, timeoutSeconds } };
};

export type ReadinessWait = ServerToWatch & {
  /** Resolves true once the server is ready; a throw counts as "not yet" and is kept as the last error. */
  probe: () => Promise<boolean>;
  /** What is printed when the process exits before it was ready. */
  exited: string;
  /** What is printed on timeout, before the last error. */
  timedOut: string;
};

const PROBE_INTERVAL_MS = 250;

const alive = (pid: string): boolean => {
  if (pid === "") return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
};

export const exitWhenReady = async (wait: ReadinessWait): Promise<never> => {
  const deadline = Date.now() + Number(wait.timeoutSeconds) * 1000;
  let lastError = "no attempt yet";
  while (Date.now() < deadline) {
    if (!alive(wait.pid)) {
      console.error(wait.exited);
      process.exit(2);
    }
    try {
      if (await wait.probe()) process.exit(0);
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  console.error(`${wait.timedOut} (last error: ${lastError})`);
  process.exit(1);
};
