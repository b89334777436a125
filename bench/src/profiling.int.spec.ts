import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChild, startChild } from "./childProcess.ts";
import type { ProfileSummary } from "./cpuProfile.ts";
import { missProfiles } from "./missProfiles.ts";
import { profileNamedChildren, profileSummary, WINDOWS } from "./profiling.ts";
import type { Verdict } from "./targets.ts";

// The runner's profiling end to end: children named for profiling write their .cpuprofile, the
// stretch they measure is marked (by the child, or by the parent for a server), and a MISS is
// summarised from that stretch only. testing/burnCpu.ts burns CPU in `settingUp`, then in `measuredWork`.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-bench-profiling-"));
  profileNamedChildren(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const share = (summary: ProfileSummary | { missing: string }, fn: string) => {
  if ("missing" in summary) throw new Error(summary.missing);
  return summary.functions.find((entry) => entry.name.startsWith(fn))?.share ?? 0;
};

const miss = (profile: string, window?: string): Verdict => ({
  target: `target bounded by ${profile}`,
  measured: "-",
  pass: false,
  bound: { profile, ...(window ? { window } : {}), process: profile, tried: "Peer: Emmett" },
});

describe("a MISS printed with the profile of the process that bounds it", () => {
  it("sums a child's marked stretch, not its set-up", async () => {
    await runChild("testing/burnCpu.ts", ["job"], { profile: "burn-job" });
    const [bound] = missProfiles([miss("burn-job", "measured")]);
    expect(share(bound!.summary, "measuredWork")).toBeGreaterThan(0.8);
    expect(share(bound!.summary, "settingUp")).toBeLessThan(0.1);
    expect(share(profileSummary({ profile: "burn-job" }), "settingUp")).toBeGreaterThan(0.1);
  });

  it("sums a server from its ready report to its stop", async () => {
    const server = await startChild("testing/burnCpu.ts", ["server"], { profile: "burn-server" });
    await sleep(400);
    await server.stop();
    const summary = profileSummary({ profile: "burn-server", window: WINDOWS.serving });
    expect(share(summary, "measuredWork")).toBeGreaterThan(0.8);
    expect(share(summary, "settingUp")).toBeLessThan(0.1);
  });

  it("summarises a profile once for every MISS it bounds, and passes no PASS", async () => {
    const verdicts = [
      miss("burn-job", "measured"),
      miss("burn-job", "measured"),
      { ...miss("burn-job"), pass: true },
    ];
    const grouped = missProfiles(verdicts);
    expect(grouped).toHaveLength(1);
    expect(grouped[0]!.targets).toHaveLength(2);
  });

  it("says why there is no profile", () => {
    expect(profileSummary({ profile: "never-ran" })).toEqual({
      missing: "the process wrote no profile (never-ran.cpuprofile)",
    });
    expect(profileSummary({ profile: "burn-job", window: "never marked" })).toEqual({
      missing: 'the process did not reach its "never marked" stretch',
    });
  });
});
