import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

// Where a process spent its CPU, from the .cpuprofile `node --cpu-prof` writes: V8 samples the
// running stack every ~1 ms; each sample's time (the delta to the next sample) is the self time
// of the function on top. Summed per function and per place (a package from node_modules, a file
// of this repository, a node: module), so a report can say in a few lines what bounds a target.

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
export type CpuProfile = {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** A stretch of the profiled process's run, on the monotonic clock in microseconds (as V8 times samples). */
export type ProfileWindow = { startUs: number; endUs: number };

export type CpuShare = { name: string; seconds: number /** of the busy (not idle) time */; share: number };
export type ProfileSummary = {
  /** Wall time covered (the windows, or the whole profile). */
  wallSeconds: number;
  /** Time the main thread was not idle: JavaScript, native calls, GC, V8 itself. */
  busySeconds: number;
  /** Busy samples counted: a few dozen say little. */
  samples: number;
  functions: CpuShare[];
  places: CpuShare[];
};

/** V8's own entries: no script behind them. */
const PSEUDO = new Set(["(root)", "(program)", "(idle)", "(garbage collector)"]);

/**
 * Names where a frame's code lives: the package for anything under node_modules (the last one
 * in the path, scope included), the repository-relative file for this repository's code, the
 * module for node's own (`node:internal/...`), `(native)` for V8 builtins and C++ bindings.
 */
export const placeOf = (frame: CallFrame, root: string): string => {
  if (PSEUDO.has(frame.functionName) && frame.url === "") return frame.functionName;
  if (frame.url === "") return "(native)";
  if (!frame.url.startsWith("file://")) return frame.url;
  const path = fileURLToPath(frame.url);
  const parts = path.split(sep);
  const modules = parts.lastIndexOf("node_modules");
  if (modules >= 0) {
    const name = parts[modules + 1] ?? "";
    return name.startsWith("@") ? `${name}/${parts[modules + 2] ?? ""}` : name;
  }
  const inRepo = relative(root, path);
  return inRepo.startsWith("..") ? path : inRepo.split(sep).join("/");
};

const ranked = (seconds: Map<string, number>, busy: number, top: number): CpuShare[] =>
  [...seconds]
    .map(([name, s]) => ({ name, seconds: s, share: busy === 0 ? 0 : s / busy }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, top);

/** WebAssembly frames (node's TypeScript stripper, say) are named by a hash: they count for the code that called them. */
const isWasm = (frame: CallFrame) => frame.url.startsWith("wasm://") || frame.functionName === "js-to-wasm";

/** Where each node's self time is counted: its own place, or for WebAssembly its nearest caller's. */
const placesOfNodes = (profile: CpuProfile, root: string): Map<number, string> => {
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const places = new Map<number, string>();
  const resolve = (node: ProfileNode): string => {
    const known = places.get(node.id);
    if (known !== undefined) return known;
    const caller = parent.get(node.id);
    const place = isWasm(node.callFrame) && caller ? resolve(caller) : placeOf(node.callFrame, root);
    places.set(node.id, place);
    return place;
  };
  for (const node of profile.nodes) resolve(node);
  return places;
};

/** Self time per function and per place, the `top` largest of each; only the time inside `windows` when given. */
export const summariseProfile = (
  profile: CpuProfile,
  { root, windows, top = 8 }: { root: string; windows?: readonly ProfileWindow[]; top?: number },
): ProfileSummary => {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const places = placesOfNodes(profile, root);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const add = (into: Map<string, number>, key: string, us: number) =>
    into.set(key, (into.get(key) ?? 0) + us);
  const stretches = (windows ?? [{ startUs: profile.startTime, endUs: profile.endTime }]).map((w) => ({
    from: Math.max(profile.startTime, w.startUs),
    to: Math.min(profile.endTime, w.endUs),
  }));
  /** The part of [from, to) inside the stretches: a sample at a window's edge counts only its inside part. */
  const insideUs = (from: number, to: number) =>
    stretches.reduce(
      (sum, stretch) => sum + Math.max(0, Math.min(to, stretch.to) - Math.max(from, stretch.from)),
      0,
    );
  let busyUs = 0;
  let samples = 0;
  let at = profile.startTime;
  let counted = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one (DevTools counts it the same way). V8 now and
    // then records a sample a few microseconds before the one ahead of it: no time is counted twice.
    const next = at + Math.max(0, profile.timeDeltas[i + 1] ?? profile.endTime - at);
    const us = next > counted ? insideUs(Math.max(at, counted), next) : 0;
    counted = Math.max(counted, next);
    const node = nodes.get(profile.samples[i] ?? -1);
    if (us === 0 || !node || node.callFrame.functionName === "(idle)") continue;
    const { functionName, lineNumber } = node.callFrame;
    const place = places.get(node.id) ?? "(native)";
    const name = PSEUDO.has(functionName)
      ? functionName
      : `${functionName || "(anonymous)"} (${place}${lineNumber >= 0 ? `:${lineNumber + 1}` : ""})`;
    samples += 1;
    busyUs += us;
    add(byFunction, name, us);
    add(byPlace, place, us);
  }
  const busy = busyUs / 1e6;
  const toSeconds = (us: Map<string, number>) => new Map([...us].map(([key, value]) => [key, value / 1e6]));
  return {
    wallSeconds: stretches.reduce((sum, { from, to }) => sum + Math.max(0, to - from), 0) / 1e6,
    busySeconds: busy,
    samples,
    functions: ranked(toSeconds(byFunction), busy, top),
    places: ranked(toSeconds(byPlace), busy, top),
  };
};

export const readProfile = (path: string): CpuProfile => JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
