import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitOf, type StartedMain, startMain } from "./testing/mainProcess.ts";

// What a newcomer runs: `npm start`, on a free port with a fresh data folder, as the README says.

describe("npm start, the embedded platform as a newcomer runs it", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-npm-start-"));
  let platform: StartedMain;
  beforeAll(async () => {
    platform = await startMain({ CRM_DATA_DIR: dataDir });
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
      headers: { authorization: `Bearer ${platform.keyOf("sales")}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Li Lei", company: "北京移动", source: "web" }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${platform.address}/docs/`)).status).toBe(200);
  });

  it("given it was stopped with SIGTERM, when it starts again on the same folder, then it keeps its keys and its customers", async () => {
    const before = platform.keyOf("sales");
    platform.child.kill("SIGTERM");
    expect((await exitOf(platform.child)).code).toBe(0);
    platform = await startMain({ CRM_DATA_DIR: dataDir });
    expect(platform.keyOf("sales")).toBe(before);
    const search = await fetch(`${platform.address}/api/v1/customers/export.csv`, {
      headers: { authorization: `Bearer ${platform.keyOf("analyst")}` },
    });
    expect(await search.text()).toContain("北京移动");
  });
});

describe("npm start's default output", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-npm-start-logs-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("given the default log level, then the keys are printed in one piece and each request logs at most one line", async () => {
    const platform = await startMain({ CRM_DATA_DIR: dataDir, LOG_LEVEL: "info" });
    try {
      expect(platform.output()).toMatch(
        /API keys \(created in .*\), one per role:\n {2}sales +\S+\n {2}service +\S+\n {2}analyst +\S+\n {2}auditor +\S+\n {2}admin +\S+\n/,
      );
      const before = platform.output().split("\n").length;
      for (let request = 0; request < 3; request++)
        await fetch(`${platform.address}/api/v1/customers`, {
          headers: { authorization: `Bearer ${platform.keyOf("analyst")}` },
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const logged = platform
        .output()
        .split("\n")
        .slice(before - 1)
        .filter((line) => line.trim() !== "");
      // Lines of the platform's own work (a pool-rule run, say) may come between; per request, one.
      const perRequest = logged
        .map((line) => JSON.parse(line) as { reqId?: string; msg: string })
        .filter((entry) => entry.reqId !== undefined);
      expect(perRequest, logged.join("\n")).toHaveLength(3);
      expect(new Set(perRequest.map((entry) => entry.reqId)).size).toBe(3);
      for (const entry of perRequest) expect(entry.msg).toBe("GET /api/v1/customers 200");
    } finally {
      platform.child.kill("SIGKILL");
    }
  });
});
