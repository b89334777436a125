import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// A newcomer's first tries: `crm` alone, or a view name misspelt, must say what went wrong and fail,
// so a script that calls crm stops instead of going on with nothing.

const cli = fileURLToPath(new URL("./main.ts", import.meta.url));
const crm = (...args: string[]) =>
  promisify(execFile)(process.execPath, ["--no-warnings", cli, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe("crm usage", () => {
  it("given no arguments, then it prints the usage and exits non-zero", async () => {
    const { code, stderr } = await crm();

    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: crm <command>/);
  });

  it("given an unknown command, then it names it, prints the usage and exits non-zero", async () => {
    const { code, stderr } = await crm("replya");

    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command "replya"/);
    expect(stderr).toMatch(/usage: crm <command>/);
  });

  it("given a view name that is not one, then it says so, names the views and exits non-zero", async () => {
    const { code, stderr } = await crm("replay", "value");

    expect(code).toBe(2);
    expect(stderr).toMatch(/"value" is not a view: one of funnel, lifecycle, churn, customer-value/);
  });

  it("given replay without a view, then it says a view is needed", async () => {
    const { code, stderr } = await crm("replay");

    expect(code).toBe(2);
    expect(stderr).toMatch(/name a view: one of funnel, lifecycle, churn, customer-value/);
  });

  it("given --help, then it prints the usage and exits 0", async () => {
    const { code, stdout } = await crm("--help");

    expect(code).toBe(0);
    expect(stdout).toMatch(/usage: crm <command>/);
  });
});
