import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROLES } from "@crm/api";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { startEmbeddedPlatform } from "@crm/platform";
// The specs' generator: valid random histories from the domain's own decider.
import { appendRandomHistory, seededRandom } from "@crm/testing";

// What one view read costs as the store grows (issue 9, item 10: latency under mixed load).
// Not part of `npm run bench`: run it alone, `node bench/src/viewReadCost.ts [sizes]`, and it
// prints, per number of customers, the median CPU time of each read served from the maintained
// read models (no asOf) over the in-process API (fastify inject: no socket, no other load).

const SIZES = (process.argv[2] ?? "1000,4000,16000").split(",").map(Number);
const READS = 15;
const WRITERS = 8;
const keys = ROLES.map((role) => ({ key: `view-cost-${role}-0123456789`, actorId: role, role }));
const analyst = keys.find((key) => key.role === "analyst")?.key;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const dataDir = mkdtempSync(join(tmpdir(), "crm-view-cost-"));
const random = seededRandom(20261129);
let customers = 0;
const rows: string[] = [];
try {
  for (const size of SIZES) {
    const store = openSqliteEventStore({ path: join(dataDir, "events.sqlite") });
    const perWriter = Math.ceil((size - customers) / WRITERS);
    await Promise.all(
      Array.from({ length: WRITERS }, () =>
        appendRandomHistory(store, random, {
          customers: perWriter,
          commandsPerCustomer: 8,
          start: new Date("2025-01-01T00:00:00Z"),
        }),
      ),
    );
    customers += perWriter * WRITERS;
    await store.close();
    const platform = await startEmbeddedPlatform({ dataDir, apiKeys: keys });
    await platform.caughtUp;
    const timings: Record<string, string> = {};
    for (const url of [
      "/api/v1/views/funnel",
      "/api/v1/views/lifecycle",
      "/api/v1/views/churn",
      "/api/v1/views/customer-value?limit=50",
      "/api/v1/customers?limit=50",
    ]) {
      // CPU time, not wall time: the machine is shared, and a view read is pure computation.
      const times: number[] = [];
      for (let read = 0; read < READS; read++) {
        const started = process.cpuUsage();
        const reply = await platform.app.inject({ url, headers: { authorization: `Bearer ${analyst}` } });
        const used = process.cpuUsage(started);
        times.push((used.user + used.system) / 1000);
        if (reply.statusCode !== 200) throw new Error(`${url}: ${reply.statusCode} ${reply.body}`);
      }
      timings[url] = median(times).toFixed(1);
    }
    rows.push(`| ${customers} | ${Object.values(timings).join(" | ")} |`);
    process.stdout.write(`${rows.at(-1)}\n`);
    await platform.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
