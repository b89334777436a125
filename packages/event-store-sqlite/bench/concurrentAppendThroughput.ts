// Single-event appends from many concurrent writers (each awaiting its own append, as request
// handlers do), on a fresh file: `node bench/concurrentAppendThroughput.ts [appends] [writers] [directory]`.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "../src/index.ts";

const appends = Number(process.argv[2] ?? 20_000);
const writers = Number(process.argv[3] ?? 64);
const directory = await mkdtemp(join(process.argv[4] ?? tmpdir(), "crm-append-bench-"));
const store = openSqliteEventStore({ path: join(directory, "events.db") });

const writer = async (count: number): Promise<void> => {
  const stream = `crm-customer-${randomUUID()}`;
  for (let revision = -1; revision < count - 1; revision += 1) {
    await store.append(
      stream,
      [
        {
          eventId: randomUUID(),
          type: "InteractionLogged",
          data: { schemaVersion: 1, channel: "phone", outcome: "positive", note: "回访客户，确认订单。" },
          metadata: { correlationId: randomUUID(), actor: { id: "sales-1", role: "sales" } },
        },
      ],
      { expectedRevision: revision },
    );
  }
};

const started = performance.now();
await Promise.all(Array.from({ length: writers }, () => writer(Math.ceil(appends / writers))));
const seconds = (performance.now() - started) / 1000;
const total = Math.ceil(appends / writers) * writers;
await store.close();
await rm(directory, { recursive: true, force: true });
console.log(
  `${total} appends by ${writers} writers in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} appends/s`,
);
