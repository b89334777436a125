import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { childProfiling, profileWindow, WINDOWS } from "./profiling.ts";

// Each benchmark runs in its own Node process: its peak memory is its own, a server
// and the load generator do not share one event loop, and one benchmark's heap does
// not slow the next. A child reports on its last "RESULT {json}" line.

const RESULT = "RESULT ";

/** `profile` names the child's .cpuprofile when the run profiles (profiling.ts). */
export type ChildOptions = { profile?: string };

const scriptPath = (script: string) => fileURLToPath(new URL(script, import.meta.url));

const spawnScript = (
  script: string,
  args: string[],
  { profile }: ChildOptions,
): { child: ChildProcess; windowsFile?: string } => {
  const { flags, env, windowsFile } = childProfiling(profile);
  const child = spawn(process.execPath, [...flags, scriptPath(script), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env,
  });
  return windowsFile === undefined ? { child } : { child, windowsFile };
};

export const reportResult = (result: unknown): void => {
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
};

/** Runs `script` (beside this file) to its end and resolves with what it reported. */
export const runChild = <T>(script: string, args: string[] = [], options: ChildOptions = {}): Promise<T> =>
  new Promise((resolve, reject) => {
    const { child } = spawnScript(script, args, options);
    let result: T | undefined;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as T;
      else process.stderr.write(`  ${line}\n`);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${script} ${args.join(" ")} exited with ${code} and no result`));
    });
  });

/** A long-running child (a server): resolves with its first report; `stop` ends it with SIGTERM. */
export const startChild = <T>(
  script: string,
  args: string[] = [],
  options: ChildOptions = {},
): Promise<{ ready: T; stop: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const { child, windowsFile } = spawnScript(script, args, options);
    const exited = new Promise<void>((done) => child.once("close", () => done()));
    let serving: { end: () => void } | undefined;
    const stop = async () => {
      serving?.end();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    };
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith(RESULT)) process.stderr.write(`  ${line}\n`);
      else if (serving === undefined) {
        // Its profile is summed from here: the server's start-up is not what a target measures.
        serving = profileWindow(WINDOWS.serving, windowsFile);
        resolve({ ready: JSON.parse(line.slice(RESULT.length)) as T, stop });
      }
    });
    child.on("error", reject);
    void exited.then(() => reject(new Error(`${script} exited before it was ready`)));
  });

export const seconds = (startedAt: number): number => (performance.now() - startedAt) / 1000;

/** Peak resident memory of this process so far, in MiB. */
export const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
