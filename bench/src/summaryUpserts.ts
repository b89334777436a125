import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { customerSummaryProjection } from "@crm/read-models";
import type { ReadModelDocument } from "@crm/read-store";
import { openSqliteReadStore } from "@crm/read-store-sqlite";

// What the SQLite read store's putMany costs the live projector per customer summary (eight
// indexes, two substring indexes): `node bench/src/summaryUpserts.ts [customers]`. Fills the
// collection, then rewrites random summaries in batches of 30 (a live batch's size at 64 clients),
// first with only unindexed fields changed (an interaction, a purchase), then with the stage
// changed each time. Prints main-thread CPU per document (`threadCpuUsage`: the event loop's share),
// which the machine's load inflates least. For docs/benchmarks.md, before/after back to back.

const customers = Number(process.argv[2] ?? 20_000);
const BATCHES = 300;
const PER_BATCH = 30;
const STAGES = ["lead", "qualified", "proposal", "negotiation", "won", "lost"];

const summary = (
  i: number,
  revision: number,
  stage: string,
): ReadModelDocument & Record<string, unknown> => ({
  _id: `customer-${String(i).padStart(8, "0")}`,
  customerId: `customer-${i}`,
  name: `Customer ${i}`,
  company: `Company ${i % 500}`,
  email: `c${i}@example.com`,
  phone: `+1555${i}`,
  source: "web",
  region: ["north", "south", "east"][i % 3],
  industry: ["retail", "tech"][i % 2],
  tags: [],
  ownerId: `rep-${i % 7}`,
  stage,
  lifecycle: "active",
  everWon: false,
  expectedValue: 24_000,
  orders: revision,
  revenue: revision * 1_250.5,
  referrals: 0,
  referredCustomerIds: [],
  openComplaintIds: [],
  openComplaints: 0,
  revision,
  createdAt: new Date(1_700_000_000_000 + i * 1_000).toISOString(),
  mergedInto: null,
  queryKeys: {
    text: `customer ${i} company ${i % 500} c${i}@example.com`,
    phoneDigits: `1555${i}`,
    createdAtMs: 1_700_000_000_000 + i * 1_000,
  },
});

const cpuMicros = (since?: NodeJS.CpuUsage) => {
  const used = process.threadCpuUsage(since);
  return { used, micros: used.user + used.system };
};

const directory = mkdtempSync(join(tmpdir(), "crm-summary-upserts-"));
try {
  const store = openSqliteReadStore({ path: join(directory, "read-models.sqlite") });
  const { collection, indexes, substringIndexes } = customerSummaryProjection;
  const summaries = store.collection(collection, {
    ...(indexes ? { indexes } : {}),
    ...(substringIndexes ? { substringIndexes } : {}),
  });
  let start = process.threadCpuUsage();
  for (let i = 0; i < customers; i += 1_000)
    await summaries.putMany(
      Array.from({ length: Math.min(1_000, customers - i) }, (_, k) => summary(i + k, 0, "lead")),
    );
  const lines = [`fill ${customers}: ${(cpuMicros(start).micros / customers).toFixed(1)} us/document`];
  let revision = 1;
  for (const kind of ["no indexed field changed", "stage changed"]) {
    start = process.threadCpuUsage();
    for (let batch = 0; batch < BATCHES; batch++) {
      const written = Array.from({ length: PER_BATCH }, () => {
        revision += 1;
        const stage = kind === "stage changed" ? (STAGES[revision % STAGES.length] as string) : "lead";
        return summary(Math.floor(Math.random() * customers), revision, stage);
      }).sort((a, b) => (a._id < b._id ? -1 : 1));
      await summaries.putMany([...new Map(written.map((document) => [document._id, document])).values()]);
    }
    lines.push(
      `rewrite, ${kind}: ${(cpuMicros(start).micros / (BATCHES * PER_BATCH)).toFixed(1)} us/document`,
    );
  }
  await store.close();
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
