import { PROFILED, type ProfileRef, WINDOWS } from "./profiling.ts";

// For each target: the process (or the stretch of it) whose CPU profile bounds it, and the
// section of docs/benchmarks.md that tells what was tried against it. A MISS is printed with both.

export type Bound = ProfileRef & {
  /** The profiled process, in words. */
  process: string;
  /** The heading in docs/benchmarks.md of what was tried. */
  tried: string;
};

const TRIED = {
  views: "Views at scale (issue 11, the views): before and after",
  pages: "Reads at scale (issue 11): before and after",
  commands: "Commands (issue 16): the profile of the command path, and what was changed",
  replay: "Replay (issue 16): the 10x regression after part two, and what was changed",
  peer: "Peer: Emmett",
  leads: "Commands: the near-duplicate check through an index (the scan removed)",
  distributed: "The distributed path (issue 16): before and after",
} as const;

export const TRIED_HEADINGS: readonly string[] = Object.values(TRIED);

/** A reads-at-scale run, with the name its process was profiled under (the runner names it by the size asked for). */
export type ProfiledReads = { customers: number; profile: string };

/** Reads at scale mark each read's timed samples with the read's name. */
const readAt = ({ customers, profile }: ProfiledReads, read: string) => ({
  profile,
  window: read,
  process: `the reads-at-scale process at ${customers.toLocaleString("en-US")} customers (section 8), while it timed "${read}"`,
});

export const BOUNDS = {
  view: (run: ProfiledReads, read: string): Bound => ({ ...readAt(run, read), tried: TRIED.views }),
  page: (run: ProfiledReads, read: string): Bound => ({ ...readAt(run, read), tried: TRIED.pages }),
  commands: {
    profile: PROFILED.commandsServer,
    window: WINDOWS.serving,
    process: "the platform's server process (section 1: its warm-up, then every level of clients)",
    tried: TRIED.commands,
  } satisfies Bound,
  replay: {
    profile: PROFILED.rebuild,
    process: "the rebuild process (section 2: the projector from zero, then the four views once)",
    tried: TRIED.replay,
  } satisfies Bound,
  lag: {
    profile: PROFILED.lagServer,
    window: WINDOWS.serving,
    process: "the platform's server process (section 3: the probe alone, then beside the command mix)",
    tried: TRIED.commands,
  } satisfies Bound,
  peer: {
    profile: PROFILED.peer,
    process: "this platform's side of the shared workload (section 4)",
    tried: TRIED.peer,
  } satisfies Bound,
  leads: (customers: number): Bound => ({
    profile: PROFILED.leadCreation(customers),
    window: WINDOWS.leadLoad,
    process: `the lead-creation process at ${customers.toLocaleString("en-US")} customers (section 5), while its clients created leads`,
    tried: TRIED.leads,
  }),
  distributedLag: {
    profile: PROFILED.distributed,
    window: WINDOWS.distributedLag,
    process: "the relay-and-projector process (section 6), during the lag probe",
    tried: TRIED.distributed,
  } satisfies Bound,
  relay: {
    profile: PROFILED.distributed,
    window: WINDOWS.relay,
    process: "the relay-and-projector process (section 6), while it relayed the history",
    tried: TRIED.distributed,
  } satisfies Bound,
};

/** GitHub's anchor of a markdown heading: lower case, punctuation dropped, spaces as dashes. */
export const headingAnchor = (heading: string): string =>
  `#${heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-")}`;
