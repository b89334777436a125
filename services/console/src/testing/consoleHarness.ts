import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureConsoleBuilt } from "../../node/ensureBuilt.ts";

// The console's browser tests run against the platform as `npm start` runs it: the console
// built when its sources changed (prestart), then services/platform/src/main.ts as a real
// process on a free port, a fresh data folder and one API key per role.

export const ROLES = ["sales", "service", "analyst", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const KEYS: Record<Role, string> = Object.fromEntries(
  ROLES.map((role) => [role, `console-test-${role}-key-0123456789`]),
) as Record<Role, string>;

const MAIN = fileURLToPath(new URL("../../../platform/src/main.ts", import.meta.url));

export type RunningPlatform = { address: string; stop: () => Promise<void> };

export const startPlatformAsNpmStartDoes = async (): Promise<RunningPlatform> => {
  await ensureConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), "crm-console-"));
  const {
    EVENTSTORE_URL: _events,
    MONGO_URL: _mongo,
    KAFKA_BROKERS: _kafka,
    CRM_API_KEYS: _keys,
    ...env
  } = process.env;
  const apiKeys = ROLES.map((role) => ({ key: KEYS[role], actorId: `${role}-1`, role }));
  const child: ChildProcess = spawn(process.execPath, ["--no-warnings", MAIN], {
    env: {
      ...env,
      CRM_DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "info",
      CRM_API_KEYS: JSON.stringify(apiKeys),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/listening on (http:\/\/\S+?);/)?.[1];
      if (found) resolve(found);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`the platform exited (${code}) before serving:\n${output}`)),
    );
  });
  return {
    address,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** Debian's chromium (what .ci/run installs); the tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = () => existsSync(CHROMIUM);
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The public API as a test client of one role (for seeding and for the numbers to compare). */
export const apiAs = (address: string, role: Role) => {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${address}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${KEYS[role]}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field, as a client would
    return json as any;
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown = {}) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
  };
};
