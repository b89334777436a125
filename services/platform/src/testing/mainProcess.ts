import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// What a newcomer runs: `npm start` is `node services/platform/src/main.ts`. Started here as a
// real process on a free port, with only the environment a spec gives it (no stores of the
// machine's environment leak in), the way the README says.

const main = fileURLToPath(new URL("../main.ts", import.meta.url));

/** The environment of the test run without the settings that would pick other stores or keys. */
const cleanEnvironment = () => {
  const {
    CRM_API_KEYS: _keys,
    EVENTSTORE_URL: _events,
    MONGO_URL: _mongo,
    KAFKA_BROKERS: _kafka,
    LOG_LEVEL: _level,
    PORT: _port,
    ...env
  } = process.env;
  return env;
};

const spawnMain = (env: Record<string, string>) =>
  spawn(process.execPath, ["--no-warnings", main], {
    env: { ...cleanEnvironment(), PORT: "0", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });

export type StartedMain = {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  /** http://127.0.0.1:<port> */
  address: string;
  /** The key printed for a role (first start without CRM_API_KEYS), if any. */
  keyOf: (role: string) => string | undefined;
};

/** Starts main.ts and resolves once it serves (its banner names the docs URL); a start that hangs is killed. */
export const startMain = (env: Record<string, string>, timeoutMs = 60_000) =>
  new Promise<StartedMain>((resolve, reject) => {
    const child = spawnMain(env);
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`main.ts did not serve within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = output.match(/OpenAPI docs: (http:\/\/\S+)\/docs/)?.[1];
      if (address) clearTimeout(timer);
      if (address)
        resolve({
          child,
          output: () => output,
          address,
          keyOf: (role) => output.match(new RegExp(`^\\s+${role}\\s+(\\S+)$`, "m"))?.[1],
        });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`main.ts exited (${code}) before serving:\n${output}`));
    });
  });

/** Runs main.ts expecting it not to start: its exit code and what it printed. */
export const failedStart = (env: Record<string, string>, timeoutMs = 20_000) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawnMain(env);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("OpenAPI docs:")) {
        child.kill("SIGKILL");
        reject(new Error(`main.ts started although it should not have:\n${stdout}`));
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`main.ts neither started nor exited in ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

export const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
