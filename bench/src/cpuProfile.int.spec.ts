import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CpuProfile, placeOf, readProfile, summariseProfile } from "./cpuProfile.ts";

// A real profile: a tiny program burns CPU first inside a package under node_modules, then in
// its own file, each for a fixed time, and prints when the second stretch started and ended.

const burn = (name: string) =>
  `function ${name}(ms) { let x = 0; const end = performance.now() + ms; while (performance.now() < end) for (let i = 0; i < 20000; i++) x += Math.sqrt(i); return x; }`;

let dir: string;
let profile: CpuProfile;
let ownStretch: { startUs: number; endUs: number };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-cpu-profile-"));
  mkdirSync(join(dir, "node_modules/@acme/burner"), { recursive: true });
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "node_modules/@acme/burner/index.mjs"), `export ${burn("burnInPackage")}\n`);
  writeFileSync(
    join(dir, "src/main.mjs"),
    [
      `import { burnInPackage } from "@acme/burner/index.mjs";`,
      burn("burnHere"),
      "const us = () => Number(process.hrtime.bigint() / 1000n);",
      "burnInPackage(400);",
      "const startUs = us();",
      "burnHere(400);",
      "console.log(JSON.stringify({ startUs, endUs: us() }));",
    ].join("\n"),
  );
  const printed = execFileSync(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-name=tiny.cpuprofile", join(dir, "src/main.mjs")],
    { cwd: dir, encoding: "utf8" },
  );
  ownStretch = JSON.parse(printed.trim());
  profile = readProfile(join(dir, "tiny.cpuprofile"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const share = (entries: { name: string; share: number }[], prefix: string) =>
  entries.find((entry) => entry.name.startsWith(prefix))?.share ?? 0;

describe("the summary of a real .cpuprofile", () => {
  it("sums self time per package under node_modules and per file of the repository", () => {
    const summary = summariseProfile(profile, { root: dir });
    expect(summary.busySeconds).toBeGreaterThan(0.6);
    expect(summary.busySeconds).toBeLessThanOrEqual(summary.wallSeconds);
    expect(share(summary.places, "@acme/burner")).toBeGreaterThan(0.3);
    expect(share(summary.places, "src/main.mjs")).toBeGreaterThan(0.3);
  });

  it("names each function with its place and line", () => {
    const { functions } = summariseProfile(profile, { root: dir });
    expect(share(functions, "burnInPackage (@acme/burner:1)")).toBeGreaterThan(0.3);
    expect(share(functions, "burnHere (src/main.mjs:2)")).toBeGreaterThan(0.3);
  });

  it("keeps only the samples inside a window, timed on process.hrtime's clock", () => {
    const summary = summariseProfile(profile, { root: dir, windows: [ownStretch] });
    expect(summary.wallSeconds).toBeCloseTo((ownStretch.endUs - ownStretch.startUs) / 1e6, 3);
    expect(share(summary.functions, "burnHere")).toBeGreaterThan(0.8);
    expect(share(summary.places, "@acme/burner")).toBeLessThan(0.05);
    expect(summary.busySeconds).toBeLessThanOrEqual(summary.wallSeconds);
  });

  it("counts only the part of a sample inside a window shorter than a sample", () => {
    const at = ownStretch.startUs + 100_000;
    const summary = summariseProfile(profile, { root: dir, windows: [{ startUs: at, endUs: at + 200 }] });
    expect(summary.busySeconds).toBeLessThanOrEqual(0.0002);
    expect(summary.samples).toBeLessThanOrEqual(3);
  });

  it("lists the largest entries first, as many as asked", () => {
    const { functions, places } = summariseProfile(profile, { root: dir, top: 2 });
    expect(functions).toHaveLength(2);
    expect(places).toHaveLength(2);
    expect(functions[0]!.seconds).toBeGreaterThanOrEqual(functions[1]!.seconds);
  });
});

describe("a sample V8 recorded before the one ahead of it", () => {
  it("counts no time twice", () => {
    const summary = summariseProfile(
      {
        nodes: [{ id: 1, callFrame: { functionName: "work", url: "file:///r/a.ts", lineNumber: 0 } }],
        startTime: 0,
        endTime: 3_000,
        samples: [1, 1, 1, 1],
        timeDeltas: [0, 1_000, -10, 1_010],
      },
      { root: "/r" },
    );
    expect(summary.busySeconds).toBeLessThanOrEqual(summary.wallSeconds);
    expect(summary.busySeconds).toBeCloseTo(0.003, 6);
  });
});

describe("where a frame's code lives", () => {
  it("counts WebAssembly for the code that called it (its URL is only a hash)", () => {
    const node = (id: number, functionName: string, url: string, children: number[] = []) => ({
      id,
      callFrame: { functionName, url, lineNumber: 0 },
      children,
    });
    const summary = summariseProfile(
      {
        nodes: [
          node(1, "(root)", "", [2]),
          node(2, "transformSync", "node:internal/deps/amaro/dist/index", [3]),
          node(3, "js-to-wasm", "", [4]),
          node(4, "wasm-function[7]", "wasm://wasm/00ad0bc6"),
        ],
        startTime: 0,
        endTime: 3_000,
        samples: [4, 3, 2],
        timeDeltas: [0, 1_000, 1_000],
      },
      { root: "/r" },
    );
    expect(summary.places).toEqual([
      { name: "node:internal/deps/amaro/dist/index", seconds: 0.003, share: 1 },
    ]);
  });

  const frame = (url: string, functionName = "f") => ({ functionName, url, lineNumber: 0 });
  it("names the innermost package of a nested node_modules path, scope included", () => {
    expect(placeOf(frame("file:///r/node_modules/a/node_modules/@s/b/lib/x.js"), "/r")).toBe("@s/b");
    expect(placeOf(frame("file:///r/node_modules/fastify/lib/route.js"), "/r")).toBe("fastify");
  });
  it("names node's own modules, V8's entries and builtins", () => {
    expect(placeOf(frame("node:internal/crypto/cipher"), "/r")).toBe("node:internal/crypto/cipher");
    expect(placeOf(frame("", "(garbage collector)"), "/r")).toBe("(garbage collector)");
    expect(placeOf(frame("", "createDecipheriv"), "/r")).toBe("(native)");
  });
});
