import { generateKeyPairSync } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { readModelProjections, startProjector, viewQueries } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { eventStoreAuditTrail, STORE_FILES, storeFile } from "@crm/stores";
import { anchorRecords, startHistoryAnchor, verifyAnchoredHistory } from "@crm/trust";
import { benchConfig } from "./benchConfig.ts";
import { peakRssMb, reportResult, seconds } from "./childProcess.ts";
import { writeHistory } from "./writeHistory.ts";

// Replay, one phase per process so each phase's peak memory is its own:
//   node replay.ts seed <dir>     writes BENCH_EVENTS events of history into <dir>/events.sqlite
//   node replay.ts scan <dir>     reads them all back through readAll: the store's raw speed
//   node replay.ts rebuild <dir>  runs the platform's projector from zero over them, every read
//                                 model of the embedded default (whose audit trail is the event
//                                 store's rows), into a new read store, then answers the four views
//   node replay.ts verify <dir>   anchors them (signed checkpoints every 1,000 events), then times
//                                 verify --all: every customer chain and the global chain (10.4)

export type ReplayPhase = { events: number; seconds: number; eventsPerSecond: number; peakRssMb: number };
export type SeedResult = ReplayPhase & { customers: number };
export type RebuildResult = ReplayPhase & { viewsMs: number; customers: number };
export type VerifyResult = ReplayPhase & { checkpoints: number; anchorSeconds: number; valid: boolean };

const [phase, dir] = process.argv.slice(2);
if (!dir || !["seed", "scan", "rebuild", "verify"].includes(phase ?? "")) {
  console.error("usage: node replay.ts seed|scan|rebuild|verify <dir>");
  process.exit(2);
}
const eventStore = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
const phaseResult = (events: number, startedAt: number): ReplayPhase => {
  const took = seconds(startedAt);
  return { events, seconds: took, eventsPerSecond: Math.round(events / took), peakRssMb: peakRssMb() };
};

if (phase === "seed") {
  const { events: target, seed } = benchConfig();
  // The history as the embedded platform writes it: its appends keep the audit trail's indexes.
  eventStoreAuditTrail(storeFile(dir, STORE_FILES.events)).close();
  const startedAt = performance.now();
  let reported = 0;
  const { events, customers } = await writeHistory(eventStore, {
    events: target,
    seed,
    onProgress: (written) => {
      if (written - reported < 100_000) return;
      reported = written;
      console.log(`seeded ${written} events (${Math.round(written / seconds(startedAt))}/s)`);
    },
  });
  reportResult({ ...phaseResult(events, startedAt), customers } satisfies SeedResult);
}

if (phase === "scan") {
  const startedAt = performance.now();
  let events = 0;
  for await (const _event of eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) events += 1;
  reportResult(phaseResult(events, startedAt));
}

if (phase === "rebuild") {
  const readModelsFile = join(dir, `read-models-${Date.now()}.sqlite`);
  const readStore = openSqliteReadStore({ path: readModelsFile });
  const startedAt = performance.now();
  const projector = startProjector({
    name: "bench-rebuild",
    eventStore,
    readStore,
    // The embedded default's read models: its audit trail is read from the event store's rows.
    projections: readModelProjections({ auditTrailInEventStore: true }),
    onError: (error) => {
      console.error("projector failed", error);
      process.exit(1);
    },
  });
  await projector.caughtUp;
  const result = phaseResult(Number(projector.position() ?? 0n), startedAt);
  await projector.stop();

  // The rebuilt read model is the one the views answer from: ask each once.
  const viewsStartedAt = performance.now();
  const views = viewQueries({ eventStore, readStore, clock: () => new Date("2026-01-01T00:00:00Z") });
  const [funnel] = await Promise.all([
    views.funnel({}),
    views.lifecycle({}),
    views.churn({}),
    views.customerValue({}),
  ]);
  const viewsMs = Math.round(performance.now() - viewsStartedAt);
  const customers = (funnel as { stages: { reached: number }[] }).stages[0]?.reached ?? 0;
  reportResult({ ...result, viewsMs, customers } satisfies RebuildResult);
  await readStore.close();
  // A history kept for more runs (replayOnly.ts <dir>) does not collect their read models.
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${readModelsFile}${suffix}`, { force: true });
}
if (phase === "verify") {
  const readStore = openSqliteReadStore({ path: join(dir, `anchors-${Date.now()}.sqlite`) });
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const anchoredAt = performance.now();
  const anchor = startHistoryAnchor({ eventStore, readStore, signingKey: privateKey });
  await anchor.caughtUp;
  await anchor.checkpointNow();
  await anchor.stop();
  const anchorSeconds = seconds(anchoredAt);
  const checkpoints = await anchorRecords(readStore).checkpoints();
  const startedAt = performance.now();
  const verdict = await verifyAnchoredHistory(
    eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX }),
    checkpoints,
    publicKey,
  );
  reportResult({
    ...phaseResult(verdict.events, startedAt),
    checkpoints: checkpoints.length,
    anchorSeconds,
    valid: verdict.valid,
  } satisfies VerifyResult);
  await readStore.close();
}
await eventStore.close();
