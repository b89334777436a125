import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ProfileSummary, readProfile, summariseProfile } from "./cpuProfile.ts";

// `npm run bench` profiles, in the same run it measures, each process whose figures a target is
// judged on (`node --cpu-prof`), so a MISS is printed with the profile that bounds it. Those
// processes are named here; a process that does more than the measured work (writes its history
// first, say) marks the measured stretch as a window, and only that stretch is summed.
// BENCH_CPU_PROF=<dir> still profiles every child into <dir>, named or not.

/** The profiled processes, by the name of their .cpuprofile. */
export const PROFILED = {
  /** commandServer.ts platform in section 1: its 2 s warm-up, then every level of clients. */
  commandsServer: "commands-platform",
  /** commandServer.ts platform in section 3: the probe alone, then beside the command mix. */
  lagServer: "lag-platform",
  peer: "peer-ours",
  rebuild: "replay-rebuild",
  leadCreation: (customers: number) => `lead-creation-${customers}`,
  distributed: "distributed",
  reads: (customers: number) => `reads-${customers}`,
} as const;

/** The measured stretches marked inside profiled processes (profileWindow); reads at scale mark each read by its name. */
export const WINDOWS = {
  /** A server child (startChild), from its ready report to its stop: its start-up left out. */
  serving: "serving",
  leadLoad: "leads created under load",
  relay: "relay to the broker",
  distributedLag: "lag probe",
} as const;

export type ProfileRef = { profile: string; window?: string };

const WINDOWS_FILE = "BENCH_PROFILE_WINDOWS";
/**
 * A sample every 4 ms: it added ~2% to a rebuild's CPU time where node's default 1 ms added ~7%
 * (docs/benchmarks.md, "Profiles in the run"), and a target's process runs long enough for thousands.
 */
const SAMPLE_EVERY_US = 4_000;
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let runnerDir: string | undefined;

/** The runner's switch: from now on, children started with a profile name are profiled into `dir`. */
export const profileNamedChildren = (dir: string): void => {
  runnerDir = dir;
};

const profilesDir = () => process.env.BENCH_CPU_PROF || runnerDir;

/** Node flags and environment for a child; `profile` names its .cpuprofile (and its windows file). */
export const childProfiling = (
  profile?: string,
): { flags: string[]; env: NodeJS.ProcessEnv; windowsFile?: string } => {
  const dir = profilesDir();
  if (!dir || (!profile && !process.env.BENCH_CPU_PROF)) return { flags: [], env: process.env };
  if (!profile) return { flags: ["--cpu-prof", `--cpu-prof-dir=${dir}`], env: process.env };
  // A name is reused by a later run into the same folder: nothing of the earlier one may stay.
  for (const file of [`${profile}.cpuprofile`, `${profile}.windows.jsonl`])
    rmSync(join(dir, file), { force: true });
  const windowsFile = join(dir, `${profile}.windows.jsonl`);
  return {
    flags: [
      "--cpu-prof",
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-name=${profile}.cpuprofile`,
      // BENCH_CPU_PROF is for reading one process closely: node's finer default there.
      ...(process.env.BENCH_CPU_PROF ? [] : [`--cpu-prof-interval=${SAMPLE_EVERY_US}`]),
    ],
    env: { ...process.env, [WINDOWS_FILE]: windowsFile },
    windowsFile,
  };
};

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * In a profiled child: marks the start of a measured stretch; `end()` records it (a name marked
 * several times sums its stretches). The profile's samples are timed on the machine's monotonic
 * clock, as process.hrtime is in every process, so the parent may mark a child's stretch too
 * (given the child's `windowsFile`). Does nothing when the process is not profiled by name.
 */
export const profileWindow = (name: string, file = process.env[WINDOWS_FILE]): { end: () => void } => {
  const startUs = nowUs();
  return {
    end: () => {
      if (file) appendFileSync(file, `${JSON.stringify({ name, startUs, endUs: nowUs() })}\n`);
    },
  };
};

/** The summary of a profiled process (or of its window), or why there is none. */
export const profileSummary = ({ profile, window }: ProfileRef): ProfileSummary | { missing: string } => {
  const dir = profilesDir();
  if (!dir) return { missing: "profiling was off (BENCH_PROFILE=0)" };
  const path = join(dir, `${profile}.cpuprofile`);
  if (!existsSync(path)) return { missing: `the process wrote no profile (${profile}.cpuprofile)` };
  const windowsPath = join(dir, `${profile}.windows.jsonl`);
  const marked = existsSync(windowsPath)
    ? readFileSync(windowsPath, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as { name: string; startUs: number; endUs: number })
    : [];
  if (window === undefined) return summariseProfile(readProfile(path), { root: ROOT });
  const windows = marked.filter((w) => w.name === window);
  if (windows.length === 0) return { missing: `the process did not reach its "${window}" stretch` };
  return summariseProfile(readProfile(path), { root: ROOT, windows });
};
