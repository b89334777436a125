// Single-event appends, one transaction (and one fsync) each, on a fresh file:
// `node bench/appendThroughput.ts [appends] [directory]`. Prints appends per second.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "../src/index.ts";

const appends = Number(process.argv[2] ?? 20_000);
const directory = await mkdtemp(join(process.argv[3] ?? tmpdir(), "crm-append-bench-"));
const store = openSqliteEventStore({ path: join(directory, "events.db") });
const streams = Array.from({ length: 1_000 }, () => `crm-customer-${randomUUID()}`);
const revisions = new Map<string, number>();

const started = performance.now();
for (let index = 0; index < appends; index += 1) {
  const stream = streams[index % streams.length]!;
  const result = await store.append(
    stream,
    [
      {
        eventId: randomUUID(),
        type: "InteractionLogged",
        data: { schemaVersion: 1, channel: "phone", outcome: "positive", note: "回访客户，确认订单。" },
        metadata: { correlationId: randomUUID(), actor: { id: "sales-1", role: "sales" } },
      },
    ],
    { expectedRevision: revisions.get(stream) ?? "no_stream" },
  );
  revisions.set(stream, result.nextExpectedRevision);
}
const seconds = (performance.now() - started) / 1000;
await store.close();
await rm(directory, { recursive: true, force: true });
console.log(`${appends} appends in ${seconds.toFixed(2)} s: ${Math.round(appends / seconds)} appends/s`);
