import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { temporaryFolders } from "@crm/testing/specs";
import { describe, expect, it } from "vitest";
import { exitOf, failedStart, startMain } from "./testing/mainProcess.ts";

// Starting the platform: what a person can get wrong is told in one line naming the problem, with
// a non-zero exit and no stack trace; what is not wrong (a data folder not made yet, a lock left
// by a process long gone) does not stop the start.

const ADMIN_KEYS = JSON.stringify([{ key: "admin-key-0123456789abcdef", actorId: "ops", role: "admin" }]);
const freshFolder = temporaryFolders("crm-startup-");

const expectOneLineNaming = (
  result: { code: number | null; stderr: string; stdout: string },
  problem: RegExp,
) => {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  const printed = `${result.stdout}${result.stderr}`.trim();
  // The reason is one line on stderr; what the platform logged while closing (if it got that far)
  // goes to stdout as log lines, never a stack trace.
  const reason = result.stderr.trim();
  expect(reason.split("\n"), printed).toHaveLength(1);
  expect(reason).toMatch(/^crm: cannot start: /);
  expect(reason).toMatch(problem);
  expect(printed).not.toMatch(/\n\s+at /);
};

describe("starting the platform", () => {
  it("given CRM_API_KEYS and a CRM_DATA_DIR that does not exist yet, when it starts, then it creates the folder and serves", async () => {
    const dataDir = join(freshFolder(), "not", "yet");
    const platform = await startMain({ CRM_DATA_DIR: dataDir, CRM_API_KEYS: ADMIN_KEYS });
    try {
      const reply = await fetch(`${platform.address}/api/v1/customers`, {
        headers: { authorization: "Bearer admin-key-0123456789abcdef" },
      });
      expect(reply.status).toBe(200);
    } finally {
      platform.child.kill("SIGKILL");
    }
  });

  it("given CRM_API_KEYS that is not JSON, then one line names CRM_API_KEYS and it exits non-zero", async () => {
    const result = await failedStart({ CRM_DATA_DIR: freshFolder(), CRM_API_KEYS: "admin:secret" });

    expectOneLineNaming(result, /CRM_API_KEYS is not JSON/);
  });

  it("given CRM_API_KEYS='[]', then one line says no key would work and it exits non-zero", async () => {
    const result = await failedStart({ CRM_DATA_DIR: freshFolder(), CRM_API_KEYS: "[]" });

    expectOneLineNaming(result, /CRM_API_KEYS holds no keys/);
  });

  it("given CRM_API_KEYS with a key of an unknown role, then one line names the field", async () => {
    const keys = JSON.stringify([{ key: "k".repeat(20), actorId: "ops", role: "boss" }]);
    const result = await failedStart({ CRM_DATA_DIR: freshFolder(), CRM_API_KEYS: keys });

    expectOneLineNaming(result, /CRM_API_KEYS .*0\.role/);
  });

  it("given the port is in use, then one line names the port and it exits non-zero", async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await failedStart({ CRM_DATA_DIR: freshFolder(), PORT: String(port) });

      expectOneLineNaming(result, new RegExp(`port ${port} .*in use`));
    } finally {
      server.close();
    }
  });

  it("given a platform already running on the folder, when a second one starts, then one line names the running one and the first keeps serving", async () => {
    const dataDir = freshFolder();
    const first = await startMain({ CRM_DATA_DIR: dataDir, CRM_API_KEYS: ADMIN_KEYS });
    try {
      const result = await failedStart({ CRM_DATA_DIR: dataDir, CRM_API_KEYS: ADMIN_KEYS });

      expectOneLineNaming(result, new RegExp(`another platform process \\(pid ${first.child.pid}\\)`));
      expect(
        (
          await fetch(`${first.address}/api/v1/customers`, {
            headers: { authorization: "Bearer admin-key-0123456789abcdef" },
          })
        ).status,
      ).toBe(200);
    } finally {
      first.child.kill("SIGKILL");
    }
  });

  it("given a lock whose pid is alive but another process's (a pid reused after a crash), when it starts, then it takes the lock over", async () => {
    const dataDir = freshFolder();
    const stranger = spawn("sleep", ["30"]);
    try {
      // The lock a crashed platform left: its pid is now the stranger's, started at another time.
      writeFileSync(join(dataDir, "platform.pid"), `${stranger.pid}\n1\n`);
      const platform = await startMain({ CRM_DATA_DIR: dataDir, CRM_API_KEYS: ADMIN_KEYS });
      platform.child.kill("SIGTERM");
      expect((await exitOf(platform.child)).code).toBe(0);
    } finally {
      stranger.kill("SIGKILL");
    }
  });

  it("given a lock whose pid is a zombie (it died, nobody reaped it), when it starts, then it takes the lock over", async () => {
    const dataDir = freshFolder();
    // A shell that starts a child and then stops without waiting for it: once the child exits, it is a zombie.
    const parent = spawn("sh", ["-c", "sleep 0.1 & exec sleep 30"]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { execSync } = await import("node:child_process");
      const zombie = execSync(`ps -o pid=,stat= --ppid ${parent.pid}`).toString().trim().split(/\s+/);
      if (zombie[1]?.startsWith("Z") !== true) return; // no /proc zombie to show on this system
      writeFileSync(join(dataDir, "platform.pid"), `${zombie[0]}\n`);
      const platform = await startMain({ CRM_DATA_DIR: dataDir, CRM_API_KEYS: ADMIN_KEYS });
      platform.child.kill("SIGKILL");
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
