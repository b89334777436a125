import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { BenchConfig } from "./benchConfig.ts";
import type { ProfileSummary } from "./cpuProfile.ts";
import type { DistributedResult } from "./distributed.ts";
import type { EventDeliveryResult } from "./eventDelivery.ts";
import type { HttpCommandsResult } from "./httpCommands.ts";
import type { LeadCreationResult } from "./leadCreation.ts";
import type { Machine } from "./machine.ts";
import type { PeerResult } from "./peer.ts";
import type { LagResult } from "./projectionLag.ts";
import type { ReadsAtScaleResult } from "./readsAtScale.ts";
import type { RebuildResult, ReplayPhase, SeedResult, VerifyResult } from "./replay.ts";
import { headingAnchor } from "./targetBounds.ts";
import type { Verdict } from "./targets.ts";

// The run's numbers as markdown tables: printed, and written into docs/benchmarks.md
// between two markers, so the hand-written analysis around them survives a new run.

export type BenchResults = {
  machine: Machine;
  config: BenchConfig;
  http: HttpCommandsResult;
  lag: LagResult;
  seed: SeedResult;
  scan: ReplayPhase;
  rebuild: RebuildResult;
  verify: VerifyResult;
  peer: { ours: PeerResult; emmett: PeerResult | null; emmettFailure: string | null };
  delivery: EventDeliveryResult;
  leads: LeadCreationResult[];
  distributed: DistributedResult;
  reads: { sqlite: ReadsAtScaleResult[]; mongodb: ReadsAtScaleResult | null };
  verdicts: Verdict[];
  /** The missed targets grouped by the profile that bounds them, each profile summarised once. */
  misses: MissProfile[];
  totalSeconds: number;
  /** The 15-minute load average when the run started. */
  loadBefore: number;
};

export type MissProfile = {
  targets: string[];
  /** The profiled process, in words. */
  process: string;
  /** Headings in docs/benchmarks.md of what was tried against these targets. */
  tried: string[];
  summary: ProfileSummary | { missing: string };
};

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

const table = (header: string[], rows: (string | number)[][]): string =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");

/** Measured back to back with and without --cpu-prof (docs/benchmarks.md, "Profiles in the run"). */
const PROFILING_OVERHEAD =
  "sampling every 4 ms, about 2% more CPU time (a rebuild of 50,000 events, 4 runs each way, interleaved), no measurable memory";

const num = (value: number) => value.toLocaleString("en-US");
const s = (value: number) => value.toFixed(2);

export const renderResults = (r: BenchResults): string => {
  const { machine: m } = r;
  const http = r.http.platform.map((platform, index) => {
    const bare = r.http.bare[index]!;
    return [
      platform.clients,
      num(platform.commandsPerSecond),
      platform.p50Ms,
      platform.p99Ms,
      num(bare.commandsPerSecond),
      bare.p50Ms,
      bare.p99Ms,
      `${(platform.commandsPerSecond / bare.commandsPerSecond).toFixed(2)} x`,
      platform.non2xx + platform.errors,
    ];
  });
  const lag = [
    ["alone (probe only)", r.lag.idle.samples, r.lag.idle.p50Ms, r.lag.idle.p99Ms, r.lag.idle.maxMs, "-"],
    [
      `beside ${r.lag.loaded.load.clients} clients`,
      r.lag.loaded.samples,
      r.lag.loaded.p50Ms,
      r.lag.loaded.p99Ms,
      r.lag.loaded.maxMs,
      num(r.lag.loaded.load.commandsPerSecond),
    ],
  ];
  const replay = [
    [
      "write the history (group commit, 2,000 appends a transaction)",
      r.seed.events,
      s(r.seed.seconds),
      num(r.seed.eventsPerSecond),
      r.seed.peakRssMb,
    ],
    [
      "raw scan: readAll over the customer streams",
      r.scan.events,
      s(r.scan.seconds),
      num(r.scan.eventsPerSecond),
      r.scan.peakRssMb,
    ],
    [
      "rebuild: projector from zero, every read model",
      r.rebuild.events,
      s(r.rebuild.seconds),
      num(r.rebuild.eventsPerSecond),
      r.rebuild.peakRssMb,
    ],
    [
      `verify --all: every chain against ${num(r.verify.checkpoints)} signed checkpoints (${r.verify.valid ? "valid" : "NOT valid"}; anchoring them took ${s(r.verify.anchorSeconds)} s)`,
      r.verify.events,
      s(r.verify.seconds),
      num(r.verify.eventsPerSecond),
      r.verify.peakRssMb,
    ],
  ];
  const peer = [r.peer.ours, r.peer.emmett].flatMap((p) =>
    p === null
      ? []
      : [
          [
            p.stack,
            p.commands,
            p.events,
            s(p.seconds),
            num(p.commandsPerSecond),
            num(p.eventsPerSecond),
            p.durability,
            p.revenue,
          ],
        ],
  );
  return [
    `Measured ${m.date} UTC on ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `\`npm run bench\` took ${Math.round(r.totalSeconds)} s; 15-minute load average ${r.loadBefore} before, ` +
      `${m.load15} after.`,
    "",
    "### Targets",
    "",
    table(
      ["target", "measured", "verdict"],
      r.verdicts.map((v) => [v.target, v.measured, v.pass ? "PASS" : "MISS"]),
    ),
    "",
    ...missesSection(r.misses),
    `### 1. Commands over HTTP (${r.config.httpSeconds} s per row, command mix, 127.0.0.1)`,
    "",
    table(
      [
        "clients",
        "platform commands/s",
        "p50 ms",
        "p99 ms",
        "bare fastify req/s",
        "p50 ms",
        "p99 ms",
        "ratio",
        "platform non-2xx",
      ],
      http,
    ),
    "",
    `### 2. Replay (${num(r.rebuild.events)} events, ${num(r.seed.customers)} customers; views answered from the rebuilt model in ${r.rebuild.viewsMs} ms)`,
    "",
    table(["phase", "events", "seconds", "events/s", "peak RSS MiB"], replay),
    "",
    `Rebuild / raw scan: ${(r.rebuild.eventsPerSecond / r.scan.eventsPerSecond).toFixed(2)} x.`,
    "",
    "### 3. Projection lag (command 2xx sent -> read models include its event)",
    "",
    table(["load", "samples", "p50 ms", "p99 ms", "max ms", "load commands/s"], lag),
    "",
    `### 4. Peer: the same append-and-project workload (${r.config.peerCustomers} customers, one writer)`,
    "",
    table(
      ["stack", "commands", "events", "seconds", "commands/s", "events/s", "durability", "revenue checksum"],
      peer,
    ),
    "",
    r.peer.emmett === null
      ? `Emmett did not run: ${r.peer.emmettFailure ?? "no reason was told"}.`
      : `This platform / Emmett: ${(r.peer.ours.commandsPerSecond / r.peer.emmett.commandsPerSecond).toFixed(2)} x.${
          r.peer.emmettFailure === null ? "" : ` Emmett's first attempt failed: ${r.peer.emmettFailure}.`
        }`,
    "",
    `### 5. Lead creation as the store grows (companies 规模{i}科技, ${r.config.leadClients} clients, ${r.config.leadSeconds} s per size)`,
    "",
    table(
      ["customers on file", "leads created", "mean ms", "p99 ms", "non-2xx"],
      r.leads.map((l) => [num(l.customers), num(l.created), l.meanMs, l.p99Ms, l.non2xx]),
    ),
    "",
    "### 6. The distributed path (real Kafka broker, MongoDB protocol; relay and projector in one process)",
    "",
    r.distributed.ran
      ? table(
          ["measure", "value"],
          [
            [
              `relay: ${num(r.distributed.relay.events)} events to the broker`,
              `${num(r.distributed.relay.eventsPerSecond)} events/s (${r.distributed.relay.seconds} s; the relay's process used ${r.distributed.relay.cpuSeconds} s of CPU)`,
            ],
            [
              `lag, append -> MongoDB read model, at ${r.distributed.lag.commandsPerSecond} commands/s (${r.distributed.lag.samples} samples)`,
              `p50 ${r.distributed.lag.p50Ms} ms, p99 ${r.distributed.lag.p99Ms} ms, max ${r.distributed.lag.maxMs} ms`,
            ],
          ],
        )
      : `Did not run: ${r.distributed.reason}`,
    "",
    `### 7. Events over HTTP beside the command mix (${r.delivery.load.clients} clients: ${num(r.delivery.load.commandsPerSecond)} commands/s, ${num(r.delivery.appended)} customer events)`,
    "",
    table(
      [
        "consumer",
        "events received",
        "events/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "drained after load ms",
        "every event",
      ],
      [
        [
          `${r.delivery.sse.readers} SSE readers`,
          num(r.delivery.sse.events),
          num(r.delivery.sse.eventsPerSecond),
          r.delivery.sse.p50Ms,
          r.delivery.sse.p99Ms,
          r.delivery.sse.maxMs,
          num(r.delivery.sse.drainedMs),
          r.delivery.sse.complete ? "yes" : "NO",
        ],
        [
          "1 webhook",
          num(r.delivery.webhook.events),
          num(r.delivery.webhook.deliveriesPerSecond),
          r.delivery.webhook.p50Ms,
          r.delivery.webhook.p99Ms,
          r.delivery.webhook.maxMs,
          num(r.delivery.webhook.drainedMs),
          r.delivery.webhook.complete ? "yes" : "NO",
        ],
      ],
    ),
    "",
    "Delay: from the event's recordedAt to its arrival at the consumer (same machine, same clock).",
    "",
    ...readsSection(r.reads),
  ].join("\n");
};

const code = (name: string) => `\`${name.replaceAll("|", "\\|")}\``;
const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

const busyLine = ({ busySeconds, wallSeconds, samples }: ProfileSummary): string =>
  `${s(busySeconds)} s of CPU in ${s(wallSeconds)} s (${percent(busySeconds / Math.max(wallSeconds, 1e-9))} busy, ` +
  `${num(samples)} ${samples === 1 ? "sample" : "samples"}${samples < 100 ? ": too few to say much" : ""}).` +
  (busySeconds < 0.5 * wallSeconds
    ? " Mostly waiting: what bounds this target is outside this process's CPU (its I/O, a server it calls, or the machine's other work)."
    : "");

/** The places and the functions with the most self time, side by side, largest first. */
const selfTimeTable = ({ places, functions }: ProfileSummary): string =>
  table(
    ["", "package or file", "CPU s", "share", "function (file:line)", "CPU s", "share"],
    Array.from({ length: Math.max(places.length, functions.length) }, (_, i) => {
      const place = places[i];
      const fn = functions[i];
      return [
        i + 1,
        ...(place ? [code(place.name), s(place.seconds), percent(place.share)] : ["", "", ""]),
        ...(fn ? [code(fn.name), s(fn.seconds), percent(fn.share)] : ["", "", ""]),
      ];
    }),
  );

/** Under the targets: for each profile that bounds a MISS, where its CPU went and what was tried. */
export const missesSection = (misses: readonly MissProfile[]): string[] =>
  misses.length === 0
    ? []
    : [
        "### What bounds each MISS: the CPU profiles of this run",
        "",
        "Self time on the main thread of the process each target is judged on (`node --cpu-prof`), from this",
        "same run, during the stretch the target measures; idle time left out, shares are of the busy time.",
        `The profiler's cost, included in the figures above: ${PROFILING_OVERHEAD}.`,
        "",
        ...misses.flatMap(({ targets, process, tried, summary }) => [
          `#### ${process}`,
          "",
          `Bounds: ${targets.join("; ")}.`,
          "",
          ...("missing" in summary
            ? [`No profile: ${summary.missing}.`]
            : [busyLine(summary), "", selfTimeTable(summary)]),
          "",
          `What was tried: ${tried.map((heading) => `[${heading}](${headingAnchor(heading)})`).join(", ")}.`,
          "",
        ]),
      ];

const thousands = (customers: number) => `${num(Math.round(customers / 1000))}k`;

/** One row per read, p50 / p99 per store and size, and how the p99 grew from the smallest size to the largest. */
const readsSection = (reads: BenchResults["reads"]): string[] => {
  const sqlite = [...reads.sqlite].sort((a, b) => a.customers - b.customers);
  const mongo = reads.mongodb?.mongodb ?? null;
  const first = sqlite[0];
  const last = sqlite.at(-1);
  if (!first || !last) return [];
  const cell = (timings: readonly { read: string; p50Ms: number; p99Ms: number }[] | null, read: string) => {
    const timing = timings?.find((t) => t.read === read);
    return timing ? `${timing.p50Ms} / ${timing.p99Ms}` : "-";
  };
  const p99 = (run: ReadsAtScaleResult, read: string) =>
    run.sqlite.find((t) => t.read === read)?.p99Ms ?? Number.NaN;
  const rows = first.sqlite.map(({ read }) => [
    read,
    ...sqlite.map((run) => cell(run.sqlite, read)),
    first === last ? "-" : `${(p99(last, read) / p99(first, read)).toFixed(2)} x`,
    cell(mongo, read),
  ]);
  const mongoHeading = reads.mongodb
    ? `MongoDB protocol ${thousands(reads.mongodb.customers)}`
    : "MongoDB protocol";
  return [
    `### 8. Reads at scale (p50 / p99 ms, one read at a time; ${sqlite.map((run) => `${num(run.customers)} customers, ${num(run.events)} events`).join("; ")})`,
    "",
    table(
      ["read", ...sqlite.map((run) => `SQLite ${thousands(run.customers)}`), "p99 growth", mongoHeading],
      rows,
    ),
    "",
    reads.mongodb === null
      ? "MongoDB protocol: not measured (MONGO_URL not set)."
      : reads.mongodb.mongodb === null
        ? `MongoDB protocol: not measured (${reads.mongodb.mongodbSkipped}).`
        : `MongoDB protocol: the ${num(reads.mongodb.customers)}-customer read models copied in bulk into a fresh database on MONGO_URL.`,
  ];
};

const SKELETON = `# Benchmarks

\`npm run bench\` measures the platform and writes the section between the markers below;
everything outside them is written by hand and kept.

${START}
${END}
`;

/** Replaces the generated section of the doc, creating the doc when it is missing. */
export const writeResults = (path: string, results: string): void => {
  const doc = existsSync(path) ? readFileSync(path, "utf8") : SKELETON;
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has lost its ${START} / ${END} markers`);
  writeFileSync(path, `${doc.slice(0, start + START.length)}\n${results}\n${doc.slice(end)}`);
};
