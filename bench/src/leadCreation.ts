import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { customerStreamName, decideCustomer, GENESIS_HASH } from "@crm/domain";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { startEmbeddedPlatform } from "@crm/platform";
import { STORE_FILES, storeFile } from "@crm/stores";
import { reportResult } from "./childProcess.ts";
import { envelope } from "./envelope.ts";
import { closedLoopLoad } from "./httpLoad.ts";
import { profileWindow, WINDOWS } from "./profiling.ts";
import { BENCH_API_KEY } from "./serverProtocol.ts";

// `node leadCreation.ts <customers> <seconds> <clients>`: lead creation as the store grows.
// The store is seeded with <customers> leads whose companies share common characters, as
// Chinese company names do (规模{i}科技), then <clients> clients create more such leads over
// HTTP for <seconds>: the near-duplicate organisation check must not grow with the store.

export type LeadCreationResult = {
  customers: number;
  clients: number;
  created: number;
  meanMs: number;
  p99Ms: number;
  non2xx: number;
};

const [customersArg, secondsArg, clientsArg] = process.argv.slice(2);
const customers = Number(customersArg);
const seconds = Number(secondsArg ?? 10);
const clients = Number(clientsArg ?? 16);
const company = (index: number) => `规模${index}科技`;
const WAVE = 5_000;

const dataDir = mkdtempSync(join(tmpdir(), "crm-bench-leads-"));
try {
  // Seeded straight into the event store, in waves the group commit writes as one transaction.
  const store = openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) });
  const at = new Date("2026-01-01T00:00:00Z").toISOString();
  for (let start = 0; start < customers; start += WAVE) {
    const wave: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(customers, start + WAVE); index++) {
      const customerId = randomUUID();
      const events = decideCustomer(
        {
          type: "CreateLead",
          customerId,
          referrerExists: false,
          name: `联系人${index}`,
          company: company(index),
          source: "web",
          occurredAt: at,
        },
        null,
      );
      const { events: enveloped } = envelope(events, "createLead", GENESIS_HASH);
      wave.push(store.append(customerStreamName(customerId), enveloped, { expectedRevision: "no_stream" }));
    }
    await Promise.all(wave);
  }
  await store.close();

  const platform = await startEmbeddedPlatform({
    dataDir,
    apiKeys: [{ key: BENCH_API_KEY, actorId: "bench-sales", role: "admin" }],
  });
  await platform.caughtUp;
  const url = await platform.app.listen({ host: "127.0.0.1", port: 0 });
  let next = customers;
  const measured = profileWindow(WINDOWS.leadLoad);
  const result = await closedLoopLoad(url, clients, seconds, [
    {
      method: "POST",
      path: "/api/v1/leads",
      headers: { authorization: `Bearer ${BENCH_API_KEY}`, "content-type": "application/json" },
      setupRequest: (request) => {
        const index = next++;
        return {
          ...request,
          body: JSON.stringify({ name: `联系人${index}`, company: company(index), source: "web" }),
        };
      },
    },
  ]);
  measured.end();
  await platform.close();
  reportResult({
    customers,
    clients,
    created: result["2xx"],
    meanMs: result.latency.mean,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  } satisfies LeadCreationResult);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
