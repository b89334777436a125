import { describe, expect, it } from "vitest";
import type { ProfileSummary } from "./cpuProfile.ts";
import { type MissProfile, missesSection } from "./report.ts";

// What the report prints under its targets for each MISS: the profile's busy time, its top
// places and functions, and the link to what was tried.

const summary = (busySeconds: number, wallSeconds: number): ProfileSummary => ({
  busySeconds,
  wallSeconds,
  samples: Math.round(busySeconds * 250),
  places: [{ name: "packages/read-store-sqlite/src/sqliteDocumentCollection.ts", seconds: 3, share: 0.6 }],
  functions: [
    {
      name: "putMany (packages/read-store-sqlite/src/sqliteDocumentCollection.ts:107)",
      seconds: 3,
      share: 0.6,
    },
    { name: "a|b (x.ts:1)", seconds: 1, share: 0.2 },
  ],
});

const miss = (over: Partial<MissProfile>): MissProfile => ({
  targets: ["replay of 1M events < 10 s", "replay >= 0.5 x raw event-store scan"],
  process: "the rebuild process",
  tried: ["Peer: Emmett"],
  summary: summary(5, 5.2),
  ...over,
});

describe("the profile printed under each MISS", () => {
  it("names the process, the targets it bounds, where its CPU went and what was tried", () => {
    const text = missesSection([miss({})]).join("\n");
    expect(text).toContain("#### the rebuild process");
    expect(text).toContain("Bounds: replay of 1M events < 10 s; replay >= 0.5 x raw event-store scan.");
    expect(text).toContain("5.00 s of CPU in 5.20 s (96.2% busy, 1,250 samples).");
    expect(text).toContain(
      "| 1 | `packages/read-store-sqlite/src/sqliteDocumentCollection.ts` | 3.00 | 60.0% | `putMany (packages/read-store-sqlite/src/sqliteDocumentCollection.ts:107)` | 3.00 | 60.0% |",
    );
    expect(text).toContain("| 2 |  |  |  | `a\\|b (x.ts:1)` | 1.00 | 20.0% |");
    expect(text).toContain("What was tried: [Peer: Emmett](#peer-emmett).");
  });

  it("says when the process mostly waited, or had too few samples", () => {
    const text = missesSection([miss({ summary: summary(0.2, 2) })]).join("\n");
    expect(text).toContain("50 samples: too few to say much");
    expect(text).toContain("Mostly waiting");
  });

  it("says why a profile is missing, and prints nothing when every target passed", () => {
    expect(missesSection([miss({ summary: { missing: "profiling was off" } })]).join("\n")).toContain(
      "No profile: profiling was off.",
    );
    expect(missesSection([])).toEqual([]);
  });
});
