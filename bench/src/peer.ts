import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchConfig } from "./benchConfig.ts";
import { peakRssMb, reportResult, seconds } from "./childProcess.ts";
import { emmettSide } from "./peerEmmett.ts";
import { ourSide } from "./peerOurs.ts";
import { runPeerWorkload } from "./peerWorkload.ts";

// `node peer.ts ours|emmett`: the shared append-and-project workload on one stack, timed
// from the first command to the customer summaries showing the last one.

export type PeerResult = {
  stack: string;
  commands: number;
  events: number;
  refused: number;
  seconds: number;
  commandsPerSecond: number;
  eventsPerSecond: number;
  /** Sum of every summary's revenue: equal on both stacks when they ran the same workload. */
  revenue: number;
  summaries: number;
  durability: string;
  peakRssMb: number;
  /** Emmett only: commands run again after emmett-sqlite's COMMIT race (peerEmmett.ts). */
  retried?: number;
};

const stack = process.argv[2];
if (stack !== "ours" && stack !== "emmett") {
  console.error("usage: node peer.ts ours|emmett");
  process.exit(2);
}
const { peerCustomers: customers, seed } = benchConfig();
const dir = mkdtempSync(join(tmpdir(), `crm-bench-peer-${stack}-`));
const round = (value: number) => Math.round(value * 100) / 100;

if (stack === "ours") {
  const ours = ourSide(dir);
  const startedAt = performance.now();
  const { commands } = await runPeerWorkload(ours.side, { customers, seed });
  await ours.projected();
  const took = seconds(startedAt);
  const summaries = await ours.summaries();
  reportResult({
    stack: "this platform (node:sqlite, projector)",
    commands,
    events: ours.events(),
    refused: ours.refused(),
    seconds: took,
    commandsPerSecond: Math.round(commands / took),
    eventsPerSecond: Math.round(ours.events() / took),
    revenue: round(summaries.reduce((sum, summary) => sum + summary.revenue, 0)),
    summaries: summaries.length,
    durability: "WAL, synchronous=FULL",
    peakRssMb: peakRssMb(),
  } satisfies PeerResult);
  await ours.close();
} else {
  const emmett = await emmettSide(dir);
  const startedAt = performance.now();
  const { commands } = await runPeerWorkload(emmett.side, { customers, seed });
  const took = seconds(startedAt);
  const summaries = (await emmett.summaries()).map((row) => JSON.parse(row.body) as { revenue: number });
  const synchronous = await emmett.synchronous();
  reportResult({
    stack: "Emmett 0.38.5 (emmett-sqlite, inline projection)",
    commands,
    events: emmett.events(),
    refused: emmett.refused(),
    seconds: took,
    commandsPerSecond: Math.round(commands / took),
    eventsPerSecond: Math.round(emmett.events() / took),
    revenue: round(summaries.reduce((sum, summary) => sum + summary.revenue, 0)),
    summaries: summaries.length,
    durability: `${(await emmett.journalMode()).toUpperCase()}, synchronous=${synchronous === 2 ? "FULL" : synchronous}`,
    peakRssMb: peakRssMb(),
    retried: emmett.retried(),
  } satisfies PeerResult);
  await emmett.close();
}
rmSync(dir, { recursive: true, force: true });
