import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "./childProcess.ts";
import { machine } from "./machine.ts";
import type { RebuildResult, ReplayPhase, SeedResult } from "./replay.ts";

// Only the replay section (2), for profiling and before/after runs of the rebuild:
// `npm run -w @crm/bench replay [-- <dir>]`, or:
//   node bench/src/replayOnly.ts           writes BENCH_EVENTS events into a fresh folder, then scans and rebuilds
//   node bench/src/replayOnly.ts <dir>     reuses the history in <dir> (written there first if missing), kept after
// The raw scan runs right before the rebuild, so their ratio is of one moment's machine.
// BENCH_CPU_PROF=<dir> profiles each phase, as in the full run. Nothing is written to docs/.

const given = process.argv[2];
const dir = given ?? mkdtempSync(join(tmpdir(), "crm-bench-replay-"));
const loadBefore = machine().load15;
try {
  const seed = existsSync(join(dir, "events.sqlite"))
    ? null
    : await runChild<SeedResult>("replay.ts", ["seed", dir]);
  const scan = await runChild<ReplayPhase>("replay.ts", ["scan", dir]);
  const rebuild = await runChild<RebuildResult>("replay.ts", ["rebuild", dir]);
  const row = (phase: string, p: ReplayPhase) =>
    `| ${phase} | ${p.events} | ${p.seconds.toFixed(2)} | ${p.eventsPerSecond} | ${p.peakRssMb} |`;
  console.log(
    [
      `15-minute load average ${loadBefore} before, ${machine().load15} after`,
      "| phase | events | seconds | events/s | peak RSS MiB |",
      "| --- | --- | --- | --- | --- |",
      ...(seed ? [row("write the history", seed)] : []),
      row("raw scan", scan),
      row("rebuild, every read model", rebuild),
      `rebuild / raw scan: ${(rebuild.eventsPerSecond / scan.eventsPerSecond).toFixed(2)} x; views answered in ${rebuild.viewsMs} ms`,
    ].join("\n"),
  );
} finally {
  if (!given) rmSync(dir, { recursive: true, force: true });
}
