import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchConfig } from "./benchConfig.ts";
import { runChild, seconds } from "./childProcess.ts";
import type { DistributedResult } from "./distributed.ts";
import { eventDelivery } from "./eventDelivery.ts";
import { httpCommands } from "./httpCommands.ts";
import type { LeadCreationResult } from "./leadCreation.ts";
import { machine } from "./machine.ts";
import { missProfiles } from "./missProfiles.ts";
import type { PeerResult } from "./peer.ts";
import { PROFILED, profileNamedChildren } from "./profiling.ts";
import { projectionLag } from "./projectionLag.ts";
import type { ReadsAtScaleResult } from "./readsAtScale.ts";
import type { RebuildResult, ReplayPhase, SeedResult, VerifyResult } from "./replay.ts";
import { renderResults, writeResults } from "./report.ts";
import { judge } from "./targets.ts";

// `npm run bench`: every benchmark in one run, side by side with its yardstick, then
// the targets judged and docs/benchmarks.md rewritten. Sizes come from BENCH_* (see
// benchConfig.ts). The processes the targets are judged on are profiled as they are measured
// (profiling.ts), and each MISS is printed with its profile; BENCH_PROFILE=0 turns that off,
// BENCH_CPU_PROF=<dir> profiles every child process into <dir>.

const startedAt = performance.now();
const loadBefore = machine().load15;
const config = benchConfig();
const profiles =
  process.env.BENCH_PROFILE === "0" ? null : mkdtempSync(join(tmpdir(), "crm-bench-profiles-"));
if (profiles !== null) profileNamedChildren(profiles);
const step = (what: string) => console.error(`\n== ${what} (${Math.round(seconds(startedAt))} s)`);

step("1. commands over HTTP: bare fastify, then the embedded platform");
const http = await httpCommands(config.clients, config.httpSeconds);

step("3. projection lag, alone and under load");
const lag = await projectionLag(config.lagClients, config.lagSeconds);

step("4. peer: the shared append-and-project workload on this platform and on Emmett");
// emmett-sqlite needs the native sqlite3 addon, an optional dependency: `npm ci` builds it where
// it can, and `npm run bench` tries once more (npm rebuild sqlite3). Where it still cannot load,
// or Emmett's run fails for another reason, the run goes on and the report says which.
const sqlite3Loads = (): boolean => {
  try {
    createRequire(import.meta.url)("sqlite3");
    return true;
  } catch {
    return false;
  }
};
const ours = await runChild<PeerResult>("peer.ts", ["ours"], { profile: PROFILED.peer });
// emmett-sqlite's un-awaited journal_mode pragma can land inside an append's transaction and fail its
// COMMIT with SQLITE_BUSY; peerEmmett.ts retries such a command (docs/benchmarks.md, "Peer: Emmett").
// A run that fails for any other reason is tried once more, its failure kept in the report.
const emmettFailures: string[] = [];
let emmett: PeerResult | null = null;
for (let attempt = 1; attempt <= 2 && emmett === null; attempt++) {
  emmett = await runChild<PeerResult>("peer.ts", ["emmett"]).catch((error: unknown) => {
    emmettFailures.push(
      sqlite3Loads()
        ? `its run failed (${error instanceof Error ? error.message : String(error)}; its own output is above)`
        : "the sqlite3 addon emmett-sqlite needs is not built on this machine (npm rebuild sqlite3)",
    );
    console.error(`  Emmett attempt ${attempt} did not run: ${emmettFailures.at(-1)}`);
    return null;
  });
  if (!sqlite3Loads()) break;
}
const peer = { ours, emmett, emmettFailure: emmettFailures.length === 0 ? null : emmettFailures.join("; ") };

step(`5. lead creation as the store grows: ${config.leadSizes.join(" and ")} customers`);
const leads: LeadCreationResult[] = [];
for (const size of config.leadSizes) {
  const result = await runChild<LeadCreationResult>(
    "leadCreation.ts",
    [String(size), String(config.leadSeconds), String(config.leadClients)],
    { profile: PROFILED.leadCreation(size) },
  );
  console.error(
    `  ${size} customers: mean ${result.meanMs} ms, p99 ${result.p99Ms} ms (${result.created} created)`,
  );
  leads.push(result);
}

step("6. the distributed path: relay throughput to Kafka, lag from append to the MongoDB read model");
const distributed = await runChild<DistributedResult>(
  "distributed.ts",
  [String(config.relayEvents), String(config.distributedLagSeconds), String(config.distributedLagRate)],
  { profile: PROFILED.distributed },
);
if (!distributed.ran) console.error(`  did not run: ${distributed.reason}`);

step(`7. events over HTTP: ${config.sseReaders} stream readers and a webhook beside the command mix`);
const delivery = await eventDelivery(config.sseReaders, config.deliveryClients, config.lagSeconds);

step(`2. replay: write ${config.events} events, scan them, rebuild every read model`);
const dir = mkdtempSync(join(tmpdir(), "crm-bench-replay-"));
let seed: SeedResult;
let scan: ReplayPhase;
let rebuild: RebuildResult;
let verify: VerifyResult;
try {
  seed = await runChild<SeedResult>("replay.ts", ["seed", dir]);
  scan = await runChild<ReplayPhase>("replay.ts", ["scan", dir]);
  rebuild = await runChild<RebuildResult>("replay.ts", ["rebuild", dir], { profile: PROFILED.rebuild });
  verify = await runChild<VerifyResult>("replay.ts", ["verify", dir]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

step(
  `8. reads at scale: ${config.readCustomers.join(", ")} customers on SQLite, ${config.mongoCustomers} on MongoDB`,
);
const readRun = async (customers: number, alsoOn: string[], profile?: string) => {
  const readDir = mkdtempSync(join(tmpdir(), "crm-bench-reads-"));
  try {
    return await runChild<ReadsAtScaleResult>(
      "readsAtScale.ts",
      [String(customers), readDir, ...alsoOn],
      profile === undefined ? {} : { profile },
    );
  } finally {
    rmSync(readDir, { recursive: true, force: true });
  }
};
const reads = {
  sqlite: [] as (ReadsAtScaleResult & { profile: string })[],
  mongodb: process.env.MONGO_URL ? await readRun(config.mongoCustomers, ["mongodb"]) : null,
};
for (const customers of config.readCustomers) {
  const profile = PROFILED.reads(customers);
  reads.sqlite.push({ ...(await readRun(customers, [], profile)), profile });
}

const verdicts = judge({ http, scan, rebuild, lag, peer, leads, distributed, reads });
const misses = missProfiles(verdicts);
const results = renderResults({
  machine: machine(),
  config,
  http,
  lag,
  seed,
  scan,
  rebuild,
  verify,
  peer,
  delivery,
  leads,
  distributed,
  reads,
  verdicts,
  misses,
  totalSeconds: seconds(startedAt),
  loadBefore,
});
process.stdout.write(`\n${results}\n`);
const doc = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
writeResults(doc, results);
console.error(`\nwritten to ${doc}`);
if (profiles !== null) console.error(`the profiles of this run (open them in Chrome DevTools): ${profiles}`);
