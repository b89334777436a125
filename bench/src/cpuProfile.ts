import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

// Where a process spent its CPU, from the .cpuprofile `node --cpu-prof` writes: V8 samples the
// running stack every ~1 ms; each sample's time (the delta to the next sample) is the self time
// of the function on top. Summed per function and per place (a package from node_modules, a file
// of this repository, a node: module), so a report can say in a few lines what bounds a target.

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame };
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

/** Self time per function and per place, the `top` largest of each; only samples inside `windows` when given. */
export const summariseProfile = (
  profile: CpuProfile,
  { root, windows, top = 8 }: { root: string; windows?: readonly ProfileWindow[]; top?: number },
): ProfileSummary => {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const add = (into: Map<string, number>, key: string, us: number) =>
    into.set(key, (into.get(key) ?? 0) + us);
  const stretches = (windows ?? [{ startUs: profile.startTime, endUs: profile.endTime }]).map((w) => ({
    from: Math.max(profile.startTime, w.startUs),
    to: Math.min(profile.endTime, w.endUs),
  }));
  const inside = (at: number) => stretches.some(({ from, to }) => at >= from && at <= to);
  let busyUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one (DevTools counts it the same way).
    const us = Math.max(0, (profile.timeDeltas[i + 1] ?? profile.endTime - at) || 0);
    if (!inside(at)) continue;
    const frame = frames.get(profile.samples[i] ?? -1);
    if (!frame || frame.functionName === "(idle)") continue;
    busyUs += us;
    const place = placeOf(frame, root);
    const name = PSEUDO.has(frame.functionName)
      ? frame.functionName
      : `${frame.functionName || "(anonymous)"} (${place}:${frame.lineNumber + 1})`;
    add(byFunction, name, us);
    add(byPlace, place, us);
  }
  const busy = busyUs / 1e6;
  const toSeconds = (us: Map<string, number>) => new Map([...us].map(([key, value]) => [key, value / 1e6]));
  return {
    wallSeconds: stretches.reduce((sum, { from, to }) => sum + Math.max(0, to - from), 0) / 1e6,
    busySeconds: busy,
    functions: ranked(toSeconds(byFunction), busy, top),
    places: ranked(toSeconds(byPlace), busy, top),
  };
};

export const readProfile = (path: string): CpuProfile => JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
