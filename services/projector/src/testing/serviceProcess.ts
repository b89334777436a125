import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The two services' entry points, run by this Node as they would be in production. */
export const RELAY_MAIN = require.resolve("@crm/relay/main");
export const PROJECTOR_MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

/** One pino line of a service's stdout. */
export type LogLine = { level: number; msg: string; [field: string]: unknown };

export type ServiceProcess = {
  readonly name: string;
  readonly lines: LogLine[];
  /** Resolves with the first line (already logged or to come) that matches; rejects if the process ends first. */
  logged(matches: (line: LogLine) => boolean): Promise<LogLine>;
  /** Sends the signal and resolves with how the process ended. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process is still running. */
  running(): boolean;
  /** The last lines it wrote to stderr, for a failure message. */
  stderrTail(): string;
};

/** Starts a service's main.ts in a child process of its own, with `env` over this process's. */
export const startService = (name: string, script: string, env: Record<string, string>): ServiceProcess => {
  const child: ChildProcess = spawn(
    process.execPath,
    // kafkajs 2.2.4 sets negative timeouts on Node 24: a warning per process, nothing more.
    ["--disable-warning=TimeoutNegativeWarning", script],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: LogLine[] = [];
  let stderr = "";
  let partial = "";
  const listeners = new Set<() => void>();
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop() ?? "";
    for (const part of parts) {
      if (!part.startsWith("{")) continue;
      lines.push(JSON.parse(part) as LogLine);
    }
    for (const listener of listeners) listener();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let exited = false;
  void ended.then(() => {
    exited = true;
  });

  return {
    name,
    lines,
    logged: (matches) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find(matches);
          if (line) {
            listeners.delete(check);
            resolve(line);
          } else if (exited) {
            listeners.delete(check);
            reject(new Error(`${name} ended before logging what was awaited; stderr:\n${stderr}`));
          }
        };
        listeners.add(check);
        check();
      }),
    kill: async (signal) => {
      if (!exited) child.kill(signal);
      return ended;
    },
    running: () => !exited,
    stderrTail: () => stderr,
  };
};
