import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What a newcomer runs: `npm start` is `node services/platform/src/main.ts`. Started
// here as a real process on a free port with a fresh data folder, the way the README says.
const main = fileURLToPath(new URL("./main.ts", import.meta.url));

type Started = { child: ChildProcess; output: () => string; address: string; salesKey: string };

const startMain = (dataDir: string, extraEnv: Record<string, string> = {}) =>
  new Promise<Started>((resolve, reject) => {
    const {
      CRM_API_KEYS: _keys,
      EVENTSTORE_URL: _events,
      MONGO_URL: _mongo,
      KAFKA_BROKERS: _kafka,
      ...env
    } = process.env;
    const child = spawn(process.execPath, ["--no-warnings", main], {
      env: { ...env, CRM_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn", ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = output.match(/OpenAPI docs: (http:\/\/\S+)\/docs/)?.[1];
      const salesKey = output.match(/^\s+sales\s+(\S+)$/m)?.[1];
      if (address && salesKey) resolve({ child, output: () => output, address, salesKey });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`main.ts exited (${code}) before serving:\n${output}`)));
  });

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", resolve));

describe("npm start, the embedded platform as a newcomer runs it", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-npm-start-"));
  let platform: Started;
  beforeAll(async () => {
    platform = await startMain(dataDir);
  });
  afterAll(() => {
    platform?.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("given a fresh data folder, when it starts, then it prints one key per role and serves the API and its docs", async () => {
    for (const role of ["sales", "service", "analyst", "auditor", "admin"])
      expect(platform.output()).toMatch(new RegExp(`^\\s+${role}\\s+crm_${role}_`, "m"));
    const created = await fetch(`${platform.address}/api/v1/leads`, {
      method: "POST",
      headers: { authorization: `Bearer ${platform.salesKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Li Lei", company: "北京移动", source: "web" }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${platform.address}/docs/`)).status).toBe(200);
  });

  it("given it was stopped with SIGTERM, when it starts again on the same folder, then it keeps its keys and its customers", async () => {
    const before = platform.salesKey;
    platform.child.kill("SIGTERM");
    expect(await exitCode(platform.child)).toBe(0);
    platform = await startMain(dataDir);
    expect(platform.salesKey).toBe(before);
    const search = await fetch(`${platform.address}/api/v1/customers/export.csv`, {
      headers: { authorization: `Bearer ${(platform.output().match(/^\s+analyst\s+(\S+)$/m) ?? [])[1]}` },
    });
    expect(await search.text()).toContain("北京移动");
  });
});
