import type { DistributedResult } from "./distributed.ts";
import type { HttpCommandsResult } from "./httpCommands.ts";
import type { LeadCreationResult } from "./leadCreation.ts";
import type { PeerResult } from "./peer.ts";
import type { LagResult } from "./projectionLag.ts";
import type { ReadsAtScaleResult } from "./readsAtScale.ts";
import type { RebuildResult, ReplayPhase } from "./replay.ts";
import { BOUNDS, type Bound, type ProfiledReads } from "./targetBounds.ts";

// The targets, each judged PASS or MISS from this run's numbers only, each with the
// process whose profile bounds it (targetBounds.ts).

export type Verdict = { target: string; measured: string; pass: boolean; bound: Bound };

const MILLION = 1_000_000;

export const judge = (results: {
  http: HttpCommandsResult;
  scan: ReplayPhase;
  rebuild: RebuildResult;
  lag: LagResult;
  peer: { ours: PeerResult; emmett: PeerResult | null };
  leads: LeadCreationResult[];
  distributed: DistributedResult;
  reads: { sqlite: (ReadsAtScaleResult & ProfiledReads)[] };
}): Verdict[] => {
  const { http, scan, rebuild, lag, peer, leads, distributed } = results;
  const smallest = leads.reduce<LeadCreationResult | undefined>(
    (a, b) => (a && a.customers <= b.customers ? a : b),
    undefined,
  );
  const largest = leads.reduce<LeadCreationResult | undefined>(
    (a, b) => (a && a.customers >= b.customers ? a : b),
    undefined,
  );
  const top = Math.max(...http.platform.map((run) => run.clients));
  const platform = http.platform.find((run) => run.clients === top)!;
  const bare = http.bare.find((run) => run.clients === top)!;
  const ratio = platform.commandsPerSecond / bare.commandsPerSecond;
  const replayRatio = rebuild.eventsPerSecond / scan.eventsPerSecond;
  // Judged for a million events; a smaller run's time is scaled at its measured rate.
  const millionSeconds = rebuild.events === MILLION ? rebuild.seconds : MILLION / rebuild.eventsPerSecond;
  const scaled = rebuild.events === MILLION ? "" : ` (scaled from ${rebuild.events})`;
  return [
    ...readVerdicts(results.reads.sqlite),
    {
      target: `commands/s >= 0.3 x bare fastify at ${top} clients`,
      measured: `${ratio.toFixed(2)} x (${platform.commandsPerSecond} vs ${bare.commandsPerSecond})`,
      pass: ratio >= 0.3,
      bound: BOUNDS.commands,
    },
    {
      target: `command p99 < 25 ms at ${top} clients`,
      measured: `${platform.p99Ms} ms`,
      pass: platform.p99Ms < 25,
      bound: BOUNDS.commands,
    },
    {
      target: "replay of 1M events < 10 s",
      measured: `${millionSeconds.toFixed(1)} s${scaled}`,
      pass: millionSeconds < 10,
      bound: BOUNDS.replay,
    },
    {
      target: "replay >= 0.5 x raw event-store scan",
      measured: `${replayRatio.toFixed(2)} x (${rebuild.eventsPerSecond} vs ${scan.eventsPerSecond} events/s)`,
      pass: replayRatio >= 0.5,
      bound: BOUNDS.replay,
    },
    {
      target: `projection lag p99 < 50 ms under load (${lag.loaded.load.clients} clients)`,
      measured: `${lag.loaded.p99Ms} ms`,
      pass: lag.loaded.p99Ms < 50,
      bound: BOUNDS.lag,
    },
    peer.emmett === null
      ? {
          target: "not slower than Emmett on the shared workload",
          measured: "Emmett did not run",
          pass: false,
          bound: BOUNDS.peer,
        }
      : {
          target: "not slower than Emmett on the shared workload",
          measured: `${(peer.ours.commandsPerSecond / peer.emmett.commandsPerSecond).toFixed(2)} x (${peer.ours.commandsPerSecond} vs ${peer.emmett.commandsPerSecond} commands/s)`,
          pass: peer.ours.commandsPerSecond >= peer.emmett.commandsPerSecond,
          bound: BOUNDS.peer,
        },
    smallest === undefined || largest === undefined
      ? {
          target: "lead creation flat as the store grows",
          measured: "not run",
          pass: false,
          bound: BOUNDS.leads(0),
        }
      : {
          target: `lead create mean at ${largest.customers} customers <= 1.5 x at ${smallest.customers}`,
          measured: `${(largest.meanMs / smallest.meanMs).toFixed(2)} x (${largest.meanMs} vs ${smallest.meanMs} ms)`,
          pass: largest.meanMs <= 1.5 * smallest.meanMs,
          bound: BOUNDS.leads(largest.customers),
        },
    distributed.ran
      ? {
          target: "distributed lag p99 < 250 ms (append -> MongoDB read model)",
          measured: `${distributed.lag.p99Ms} ms`,
          pass: distributed.lag.p99Ms < 250,
          bound: BOUNDS.distributedLag,
        }
      : {
          target: "distributed lag p99 < 250 ms",
          measured: "did not run",
          pass: false,
          bound: BOUNDS.distributedLag,
        },
    distributed.ran
      ? {
          target: "relay >= 20,000 events/s to the broker",
          measured: `${distributed.relay.eventsPerSecond} events/s`,
          pass: distributed.relay.eventsPerSecond >= 20_000,
          bound: BOUNDS.relay,
        }
      : {
          target: "relay >= 20,000 events/s to the broker",
          measured: "did not run",
          pass: false,
          bound: BOUNDS.relay,
        },
  ];
};

/** Issue 11: views under 100 ms at the largest size; search and audit pages no slower there than 1.5 x the smallest. */
const readVerdicts = (runs: readonly (ReadsAtScaleResult & ProfiledReads)[]): Verdict[] => {
  const bySize = [...runs].sort((a, b) => a.customers - b.customers);
  const small = bySize[0];
  const large = bySize.at(-1);
  if (!small || !large || small === large) return [];
  const p99 = (run: ReadsAtScaleResult, read: string) =>
    run.sqlite.find((timing) => timing.read === read)?.p99Ms ?? Number.NaN;
  const size = (run: ReadsAtScaleResult) => `${Math.round(run.customers / 1000)}k`;
  // The target is the views without asOf (issue 11); asOf and knownAt have rows of their own.
  const views = large.sqlite.filter(
    (timing) =>
      timing.read.startsWith("view:") && !timing.read.includes("knownAt") && !timing.read.includes("asOf"),
  );
  const slowestView = views.reduce((worst, timing) => (timing.p99Ms > worst.p99Ms ? timing : worst));
  const pages = [
    "search: first page, newest first",
    "search: stage=won",
    "audit: first page",
    "audit: one customer",
  ];
  return [
    {
      target: `view p99 < 100 ms at ${size(large)} customers (SQLite)`,
      measured: `${slowestView.p99Ms} ms (${slowestView.read.replace("view: ", "")}, the slowest)`,
      pass: slowestView.p99Ms < 100,
      bound: BOUNDS.view(large, slowestView.read),
    },
    ...pages.map((read) => {
      const growth = p99(large, read) / p99(small, read);
      return {
        target: `${read}: p99 at ${size(large)} <= 1.5 x ${size(small)} (SQLite)`,
        measured: `${growth.toFixed(2)} x (${p99(large, read)} vs ${p99(small, read)} ms)`,
        pass: growth <= 1.5,
        bound: BOUNDS.page(large, read),
      };
    }),
  ];
};
