import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Contract 9.3: CRM_POOL_IDLE_DAYS configures the return rule of `npm start`; a value that is
// no positive number stops the start with a message naming the setting.
const main = fileURLToPath(new URL("./main.ts", import.meta.url));

type Started = { stop: () => Promise<void>; address: string; keys: Record<string, string> };

const run = (dataDir: string, idleDays: string) => {
  const { CRM_API_KEYS: _k, EVENTSTORE_URL: _e, MONGO_URL: _m, KAFKA_BROKERS: _b, ...env } = process.env;
  const child = spawn(process.execPath, ["--no-warnings", main], {
    env: { ...env, CRM_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn", CRM_POOL_IDLE_DAYS: idleDays },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const started = new Promise<Started>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = output.match(/OpenAPI docs: (http:\/\/\S+)\/docs/)?.[1];
      const keys = Object.fromEntries(
        [...output.matchAll(/^\s+(\w+)\s+(crm_\S+)$/gm)].map((m) => [m[1], m[2]]),
      );
      if (address && keys.admin)
        resolve({
          address,
          keys: keys as Record<string, string>,
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { started, exited, output: () => output };
};

describe("CRM_POOL_IDLE_DAYS for npm start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-pool-days-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("given CRM_POOL_IDLE_DAYS=ten, then the start stops with exit code 1 naming the setting", async () => {
    const attempt = run(dataDir, "ten");
    attempt.started.catch(() => undefined);
    expect(await attempt.exited).toBe(1);
    expect(attempt.output()).toContain("CRM_POOL_IDLE_DAYS");
  });

  it("given CRM_POOL_IDLE_DAYS=2 and an owner quiet for 3 days, when the platform starts again, then the customer is in the pool", async () => {
    const first = await run(dataDir, "2").started;
    const headers = { authorization: `Bearer ${first.keys.admin}`, "content-type": "application/json" };
    const occurredAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const created = await fetch(`${first.address}/api/v1/leads`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "Han Meimei", source: "web", ownerId: "sales-1", occurredAt }),
    });
    const { customerId } = (await created.json()) as { customerId: string };
    await first.stop();

    const second = await run(dataDir, "2").started;
    try {
      const customer = await fetch(`${second.address}/api/v1/customers/${customerId}`, { headers });
      expect(await customer.json()).toMatchObject({ ownerId: null });
    } finally {
      await second.stop();
    }
  });
});
