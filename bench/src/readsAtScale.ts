import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { CUSTOMER_STREAM_PREFIX, type RecordedCustomerEvent } from "@crm/domain";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import {
  type AuditEntry,
  type AuditSource,
  auditReadModel,
  auditTrail,
  auditTrailProjection,
  type CustomerFactsDocument,
  type CustomerSummary,
  collectionOptionsOf,
  customerFactsProjection,
  customerSummaryProjection,
  type DuplicateCandidate,
  duplicateQueueIndex,
  evolveDuplicateCandidate,
  idleCandidates,
  type PoolWatchDocument,
  pageOfDuplicatePairs,
  poolWatchProjection,
  READ_MODEL_PROJECTIONS,
  readAllCustomerEvents,
  searchCustomers,
  startProjector,
  viewQueries,
} from "@crm/read-models";
import type { DocumentCollection, ReadStore } from "@crm/read-store";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { eventStoreAuditTrail } from "@crm/stores";
import { dropMongoDatabase } from "@crm/test-servers";
import { OWNERS } from "@crm/testing";
import { MongoClient } from "mongodb";
import { benchConfig } from "./benchConfig.ts";
import { reportResult, seconds } from "./childProcess.ts";
import { percentile } from "./percentiles.ts";
import { profileWindow } from "./profiling.ts";
import { writeHistory } from "./writeHistory.ts";

// Reads at scale: `node readsAtScale.ts <customers> <dir> [mongodb]` writes a history of about
// that many customers, projects every read model into SQLite, then times each read the API serves
// (a search page, an audit page, each view) against that read store; given `mongodb` and with
// MONGO_URL set, the same documents are copied into a fresh MongoDB database (FerretDB here) and
// timed there too, BENCH_MONGO_SAMPLES times each. The
// reads call the query functions the routes call, one at a time, so the figures are the read
// path's own (no HTTP, no concurrency).

export type ReadTiming = { read: string; samples: number; p50Ms: number; p99Ms: number };
export type ReadsAtScaleResult = {
  customers: number;
  events: number;
  sqlite: ReadTiming[];
  mongodb: ReadTiming[] | null;
  mongodbSkipped?: string;
};

const EVENTS_PER_CUSTOMER = 11;
/** BENCH_READ_VIEWS_ONLY=1: project the views' facts only and time the view rows only (a quicker large run). */
const viewsOnly = process.env.BENCH_READ_VIEWS_ONLY === "1";
const NOW = new Date("2026-01-01T00:00:00Z");

const [customersArg, dir, alsoOn] = process.argv.slice(2);
// Run alone: `node bench/src/readsAtScale.ts <customers> <dir> [mongodb]` prints the RESULT line
// (docs/benchmarks.md, "Running one section").
const wanted = Number(customersArg);
if (!Number.isInteger(wanted) || wanted <= 0 || !dir) {
  console.error("usage: node readsAtScale.ts <customers> <dir> [mongodb]");
  process.exit(2);
}

const time = async (
  read: string,
  samples: number,
  once: (sample: number) => Promise<unknown>,
  { warmUp = true, before }: { warmUp?: boolean; before?: () => Promise<unknown> } = {},
) => {
  const took: number[] = [];
  if (warmUp) {
    await before?.();
    await once(-1); // prepared statements, index creation, JIT
  }
  const measured = profileWindow(read); // the profile of a MISS is this read's (targetBounds.ts)
  for (let sample = 0; sample < samples; sample++) {
    // What happens before each sample (a write) is not the read's time.
    await before?.();
    const startedAt = performance.now();
    await once(sample);
    took.push(performance.now() - startedAt);
  }
  measured.end();
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { read, samples, p50Ms: round(percentile(took, 50)), p99Ms: round(percentile(took, 99)) };
};

/**
 * Each view timed right after a write of one customer's facts document (stored again as it is: a
 * new document, one change), the write itself not timed.
 */
const timedAfterAWrite = async (
  facts: DocumentCollection<CustomerFactsDocument>,
  samples: number,
  views: Record<string, () => Promise<unknown>>,
) => {
  const [one] = await facts.find({ limit: 1 });
  const write = () => facts.putMany(one ? [{ ...one }] : []);
  const timings = [];
  for (const [read, view] of Object.entries(views))
    timings.push(await time(read, samples, view, { before: write }));
  return timings;
};

/** Each view, timed on one store: without a cut, after a write, with asOf, with knownAt. */
const timeViews = async (
  readStore: ReadStore,
  eventStore: ReturnType<typeof openSqliteEventStore>,
  viewSamples: number,
) => {
  const views = viewQueries({ eventStore, readStore, clock: () => NOW });
  const facts = readStore.collection<CustomerFactsDocument>(customerFactsProjection.collection);
  const knownAt = new Date().toISOString();
  const recentAsOf = new Date(NOW.getTime() - 86_400_000).toISOString();
  return [
    await time("view: funnel", viewSamples, () => views.funnel({})),
    await time("view: lifecycle (window)", viewSamples, () =>
      views.lifecycle({ from: "2025-06-01T00:00:00Z" }),
    ),
    await time("view: churn", viewSamples, () => views.churn({})),
    await time("view: customer-value", viewSamples, () => views.customerValue({ limit: 100 })),
    await time("view: stage-velocity (window)", viewSamples, () =>
      views.stageVelocity({ from: "2025-06-01T00:00:00Z" }),
    ),
    // Each sample after a write: one customer's facts stored again (a new document), as the
    // projector does between two requests under load. The view reads what changed since its
    // last request and re-derives only that customer's part.
    ...(await timedAfterAWrite(facts, viewSamples, {
      "view: funnel, after one customer changed": () => views.funnel({}),
      "view: churn, after one customer changed": () => views.churn({}),
      "view: lifecycle (window), after one customer changed": () =>
        views.lifecycle({ from: "2025-06-01T00:00:00Z" }),
      "view: customer-value, after one customer changed": () => views.customerValue({ limit: 100 }),
      "view: funnel (owner, window), after one customer changed": () =>
        views.funnel({ ownerId: OWNERS[0], from: "2025-06-01T00:00:00Z" }),
      "view: stage-velocity (window), after one customer changed": () =>
        views.stageVelocity({ from: "2025-06-01T00:00:00Z" }),
    })),
    // An asOf answer is kept per change mark: the first is what it costs to compute.
    await time("view: funnel, asOf yesterday, first", 1, () => views.funnel({ asOf: recentAsOf }), {
      warmUp: false,
    }),
    await time("view: funnel, asOf yesterday", viewSamples, () => views.funnel({ asOf: recentAsOf })),
    // What we knew now (every event): the first replays from event zero and keeps its checkpoint,
    // the next ones start there.
    await time(
      "view: funnel, knownAt now, first (replay from event zero)",
      1,
      () => views.funnel({ knownAt }),
      {
        warmUp: false,
      },
    ),
    await time("view: funnel, knownAt now (from the checkpoint)", viewSamples, () =>
      views.funnel({ knownAt }),
    ),
  ];
};

/**
 * Each read the API answers, timed on one store. The audit trail is the read model's where the
 * read models are MongoDB, and the event store's own rows in the embedded default (as the platform reads it).
 */
const timeReads = async (
  readStore: ReadStore,
  eventStore: ReturnType<typeof openSqliteEventStore>,
  { readSamples, viewSamples }: { readSamples: number; viewSamples: number },
  trailFrom?: AuditSource,
) => {
  const summaries = readStore.collection<CustomerSummary>(
    customerSummaryProjection.collection,
    collectionOptionsOf(customerSummaryProjection),
  );
  const entries = readStore.collection<AuditEntry>(auditTrailProjection.collection, {
    indexes: auditTrailProjection.indexes ?? [],
  });
  const trail = trailFrom ?? auditReadModel(entries);
  const poolWatch = readStore.collection<PoolWatchDocument>(poolWatchProjection.collection, {
    indexes: poolWatchProjection.indexes ?? [],
  });
  // Contract 9.2: the queue as the API process keeps it, and every candidate document as the
  // queue was computed from before (a read of the whole collection per request).
  const duplicateQueue = duplicateQueueIndex();
  const candidates = new Map<string, DuplicateCandidate>();
  let lastLead: RecordedCustomerEvent | undefined;
  const customerEvents = await readAllCustomerEvents(eventStore);
  for (const event of customerEvents) {
    if (event.type === "LeadCreated") lastLead = event;
    duplicateQueue.apply(event);
    candidates.set(
      event.customerId,
      evolveDuplicateCandidate(candidates.get(event.customerId) ?? null, event),
    );
  }
  const somebody = (await summaries.find({ limit: 1 }))[0]?.customerId ?? randomUUID();
  const page = { limit: 50 };
  // A profile change of one customer (a new phone), as the API's queue receives it, before a read.
  let revision = 1_000_000;
  const changePhone = () => {
    if (lastLead === undefined) return;
    const change = {
      ...lastLead,
      type: "ProfileUpdated",
      revision: ++revision,
      data: { changes: { phone: { from: null, to: `+86 139 ${revision}` } } },
    } as unknown as RecordedCustomerEvent;
    duplicateQueue.apply(change);
  };
  let freshQueue = duplicateQueueIndex();
  const feedFreshQueue = () => {
    freshQueue = duplicateQueueIndex();
    for (const event of customerEvents) freshQueue.apply(event);
  };
  const twentiethCursor = async () => {
    let cursor: { createdAt: string; customerId: string } | undefined;
    for (let pageNumber = 0; pageNumber < 19; pageNumber++) {
      const { items } = await searchCustomers(summaries, {}, { ...page, ...(cursor ? { cursor } : {}) });
      const last = items.at(-1);
      if (!last) break;
      cursor = { createdAt: last.createdAt, customerId: last.customerId };
    }
    return cursor;
  };
  const deep = await twentiethCursor();
  const viewRows = await timeViews(readStore, eventStore, viewSamples);
  if (viewsOnly) return viewRows;
  return [
    await time("search: first page, newest first", readSamples, () => searchCustomers(summaries, {}, page)),
    await time("search: stage=won", readSamples, () => searchCustomers(summaries, { stage: "won" }, page)),
    await time("search: ownerId + tag", readSamples, (i) =>
      searchCustomers(
        summaries,
        { ownerId: OWNERS[Math.abs(i) % OWNERS.length] as string, tag: "priority" },
        page,
      ),
    ),
    await time("search: q common (`works`)", readSamples, () =>
      searchCustomers(summaries, { q: "works" }, page),
    ),
    await time("search: q one customer (an email)", readSamples, (i) =>
      searchCustomers(summaries, { q: `contact-${Math.abs(i * 7919) % 1000}@bench` }, page),
    ),
    await time("search: 20th page by cursor", readSamples, () =>
      searchCustomers(summaries, {}, { ...page, ...(deep ? { cursor: deep } : {}) }),
    ),
    await time("audit: first page", readSamples, () => auditTrail(trail, page)),
    await time("audit: one customer", readSamples, () =>
      auditTrail(trail, { ...page, customerId: somebody }),
    ),
    await time("audit: type + window", readSamples, () =>
      auditTrail(trail, {
        ...page,
        type: "ComplaintFiled",
        from: "2025-03-01T00:00:00Z",
        to: "2025-04-01T00:00:00Z",
      }),
    ),
    // Before issue 11 a page read its whole collection and sorted it in the process: the same
    // work, kept here as the yardstick of the rows above.
    await time("before: search first page (all() + sort)", viewSamples, async () =>
      (await summaries.all())
        .filter((summary) => !summary.mergedInto)
        .sort((a, b) => b.queryKeys.createdAtMs - a.queryKeys.createdAtMs || (a._id < b._id ? -1 : 1))
        .slice(0, page.limit),
    ),
    await time("before: audit first page (all() + sort)", viewSamples, async () =>
      (await entries.all())
        .sort(
          (a, b) =>
            (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0) ||
            (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) ||
            b.revision - a.revision,
        )
        .slice(0, page.limit),
    ),
    await time("pool rule: idle candidates (30 days)", readSamples, () => idleCandidates(poolWatch, 30, NOW)),
    await time("before: pool rule (all() + filter)", viewSamples, async () =>
      (await poolWatch.all()).filter(
        (watch) => watch.watched && watch.activeSinceMs <= NOW.getTime() - 30 * 86_400_000,
      ),
    ),
    await time("duplicates: first page", readSamples, async () => duplicateQueue.page(page)),
    await time(
      "duplicates: first page, after one customer changed",
      viewSamples,
      async () => duplicateQueue.page(page),
      {
        before: async () => changePhone(),
      },
    ),
    // An API process's first page after its start: the index fed every event (not timed), then
    // the whole queue paired and ordered once.
    await time(
      "duplicates: first page after start (the whole queue ordered)",
      Math.min(viewSamples, 3),
      async () => freshQueue.page(page),
      { before: async () => feedFreshQueue() },
    ),
    await time("before: duplicates first page (every candidate)", viewSamples, async () =>
      pageOfDuplicatePairs([...candidates.values()], page),
    ),
    ...viewRows,
  ];
};

/** The read models as they are, copied in bulk into a fresh database (a rebuild writes as much). */
const copyToMongo = async (from: ReadStore, url: string, database: string) => {
  const client = new MongoClient(url);
  try {
    const db = client.db(database);
    for (const projection of READ_MODEL_PROJECTIONS) {
      const documents = await from.collection(projection.collection).all();
      for (let start = 0; start < documents.length; start += 1_000)
        await db
          .collection(projection.collection)
          .insertMany(documents.slice(start, start + 1_000) as never[], {
            ordered: false,
          });
    }
  } finally {
    await client.close();
  }
};

const eventStore = openSqliteEventStore({ path: join(dir, "events.sqlite") });
const { seed } = benchConfig();
const startedAt = performance.now();
// A folder of an earlier run is timed again as it is (before and after a change, on one
// history, without writing and projecting it twice): its events are counted, not written.
const eventsThere = async () => {
  let events = 0;
  for await (const _ of eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) events += 1;
  return events;
};
const existing = await eventsThere();
const history =
  existing > 0
    ? { events: existing }
    : await writeHistory(eventStore, { events: wanted * EVENTS_PER_CUSTOMER, seed });
console.log(
  `${existing > 0 ? "found" : "wrote"} ${history.events} events (${Math.round(seconds(startedAt))} s)`,
);
const sqlite = openSqliteReadStore({ path: join(dir, "read-models.sqlite") });
const projector = startProjector({
  name: "bench-reads",
  eventStore,
  readStore: sqlite,
  projections: viewsOnly ? [customerFactsProjection] : READ_MODEL_PROJECTIONS,
});
await projector.caughtUp;
await projector.stop();
console.log(`projected (${Math.round(seconds(startedAt))} s); timing reads on SQLite`);

const embeddedTrail = eventStoreAuditTrail(join(dir, "events.sqlite"));
const result: ReadsAtScaleResult = {
  customers: await sqlite.collection(customerFactsProjection.collection).count(),
  events: history.events,
  sqlite: await timeReads(sqlite, eventStore, benchConfig(), embeddedTrail),
  mongodb: null,
};
embeddedTrail.close();

const mongoUrl = process.env.MONGO_URL;
if (alsoOn === "mongodb" && mongoUrl) {
  const database = `crm_bench_reads_${Date.now()}`;
  try {
    await copyToMongo(sqlite, mongoUrl, database);
    console.log(`copied to MongoDB (${Math.round(seconds(startedAt))} s); timing reads there`);
    const mongo = await openMongoReadStore({ url: mongoUrl, database });
    try {
      const { mongoSamples } = benchConfig();
      result.mongodb = await timeReads(mongo, eventStore, {
        readSamples: mongoSamples,
        viewSamples: mongoSamples,
      });
    } finally {
      await mongo.close();
    }
  } catch (error) {
    result.mongodbSkipped = String(error);
  } finally {
    await dropMongoDatabase(mongoUrl, database);
  }
} else if (alsoOn === "mongodb") result.mongodbSkipped = "MONGO_URL not set";

await sqlite.close();
await eventStore.close();
reportResult(result);
