import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { customerStreamName } from "@crm/domain";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import {
  type AuditEntry,
  type AuditQuery,
  type AuditSource,
  auditReadModel,
  auditTrail,
  auditTrailProjection,
  InvalidAuditCursorError,
  startProjector,
} from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventStoreAuditTrail } from "./eventStoreAuditTrail.ts";

// Contract section 4's audit trail, answered by each of its two sources alike: the read model
// (the distributed setup's, here on SQLite) and the embedded default's SQLite event store rows.

const CUSTOMERS = ["0a-customer", "1b-customer", "2c-customer"];
const ACTORS = ["sales-1", "service-1", "admin-1"];
const TYPES = ["LeadCreated", "InteractionLogged", "StageAdvanced"] as const;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

const entry = (customerId: string, revision: number, minute: number, actorId = "sales-1"): AuditEntry => ({
  _id: `${customerId}:${revision}`,
  customerId,
  revision,
  type: revision === 0 ? "LeadCreated" : "InteractionLogged",
  occurredAt: at(minute),
  recordedAt: at(minute),
  actor: { id: actorId, role: "sales" },
  correlationId: "c",
  causationId: "d",
  command: "x",
  eventId: `e-${customerId}-${revision}`,
});

/** Entries renumbered so each customer's run 0, 1, 2, ... in the order given (as a stream's do). */
const asStreams = (entries: readonly AuditEntry[]): AuditEntry[] => {
  const next = new Map<string, number>();
  return entries.map((item) => {
    const revision = next.get(item.customerId) ?? 0;
    next.set(item.customerId, revision + 1);
    return {
      ...item,
      _id: `${item.customerId}:${revision}`,
      revision,
      eventId: `e-${item.customerId}-${revision}`,
    };
  });
};

type Source = { source: AuditSource; dispose: () => Promise<void> };

const SOURCES: Record<string, (entries: readonly AuditEntry[]) => Promise<Source>> = {
  "the read model": async (entries) => {
    const store = openSqliteReadStore({ path: ":memory:" });
    const collection = store.collection<AuditEntry>(auditTrailProjection.collection, {
      indexes: auditTrailProjection.indexes ?? [],
    });
    await collection.putMany(entries);
    return { source: auditReadModel(collection), dispose: () => store.close() };
  },
  "the event store's rows": async (entries) => {
    const dir = mkdtempSync(join(tmpdir(), "crm-audit-"));
    const path = join(dir, "events.sqlite");
    const eventStore = openSqliteEventStore({ path });
    const trail = eventStoreAuditTrail(path);
    for (const { _id, customerId, revision, type, eventId, ...metadata } of [...entries].sort(
      (a, b) => a.revision - b.revision,
    ))
      await eventStore.append(
        customerStreamName(customerId),
        [{ eventId, type, data: {}, metadata: { eventId, ...metadata } }],
        { expectedRevision: revision === 0 ? "no_stream" : revision - 1 },
      );
    return {
      source: trail,
      dispose: async () => {
        trail.close();
        await eventStore.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const keys = (items: ReadonlyArray<{ customerId: string; revision: number }>) =>
  items.map((item) => `${item.customerId}:${item.revision}`);

describe.each(Object.entries(SOURCES))("the audit trail query, answered by %s", (_, open) => {
  /** The trail query over these entries, in a source of their own. */
  const withTrail = async <T>(entries: readonly AuditEntry[], use: (source: AuditSource) => Promise<T>) => {
    const { source, dispose } = await open(entries);
    try {
      return await use(source);
    } finally {
      await dispose();
    }
  };
  const trailOf = (entries: readonly AuditEntry[], query: AuditQuery) =>
    withTrail(entries, (source) => auditTrail(source, query));

  /** Every page, following nextCursor until it is null. */
  const allPages = (entries: readonly AuditEntry[], query: Omit<AuditQuery, "cursor">) =>
    withTrail(entries, async (source) => {
      const items = [];
      let cursor: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const answer = await auditTrail(source, { ...query, ...(cursor ? { cursor } : {}) });
        items.push(...answer.items);
        if (answer.nextCursor === null) return items;
        cursor = answer.nextCursor;
      }
      throw new Error("paging did not end");
    });

  it("given events, then newest recordedAt first, ties by customerId then newest revision first", async () => {
    const entries = [
      entry("1b-customer", 0, 1),
      entry("0a-customer", 0, 1),
      entry("0a-customer", 1, 5),
      entry("1b-customer", 1, 5),
      entry("1b-customer", 2, 5),
      entry("0a-customer", 2, 9),
    ];

    expect(keys((await trailOf(entries, { limit: 10 })).items)).toEqual([
      "0a-customer:2",
      "0a-customer:1",
      "1b-customer:2",
      "1b-customer:1",
      "0a-customer:0",
      "1b-customer:0",
    ]);
  });

  it("given from and to, then from is inclusive and to exclusive, on recordedAt", async () => {
    const entries = [0, 1, 2, 3].map((minute) => entry("0a-customer", minute, minute));

    expect(keys((await trailOf(entries, { limit: 10, from: at(1), to: at(3) })).items)).toEqual([
      "0a-customer:2",
      "0a-customer:1",
    ]);
  });

  it("given from and to written with an offset, then they cut the same instants", async () => {
    const entries = [0, 1, 2, 3].map((minute) => entry("0a-customer", minute, minute));
    const inBeijing = (minute: number) => `2026-01-01T08:0${minute}:00+08:00`;

    expect(keys((await trailOf(entries, { limit: 10, from: inBeijing(1), to: inBeijing(3) })).items)).toEqual(
      ["0a-customer:2", "0a-customer:1"],
    );
  });

  it("given filters, then only the entries matching all of them, with actor and without _id", async () => {
    const entries = [
      entry("0a-customer", 0, 1, "sales-1"),
      entry("0a-customer", 1, 2, "admin-1"),
      entry("1b-customer", 0, 3, "admin-1"),
    ];

    const answer = await trailOf(entries, {
      limit: 10,
      actorId: "admin-1",
      customerId: "0a-customer",
      type: "InteractionLogged",
    });

    const { _id, ...expected } = entries[1] as AuditEntry;
    expect(answer).toEqual({ items: [expected], nextCursor: null });
    expect(answer.items[0]?.actor).toEqual({ id: "admin-1", role: "sales" });
  });

  it("given a cursor this API did not give out, then it is refused", async () => {
    for (const cursor of ["nonsense", Buffer.from('{"recordedAt":"x"}').toString("base64url")])
      await expect(trailOf([], { limit: 1, cursor })).rejects.toThrow(InvalidAuditCursorError);
  });

  it("given paging by cursor, when new events arrive between pages, then every earlier entry comes exactly once", async () => {
    const entries = [0, 1, 2, 3, 4].map((minute) => entry("0a-customer", minute, minute));
    const first = await trailOf(entries, { limit: 2 });
    const later = [...entries, entry("0a-customer", 5, 10), entry("1b-customer", 0, 11)];
    const second = await trailOf(later, { limit: 10, cursor: first.nextCursor as string });

    expect(keys([...first.items, ...second.items])).toEqual(
      keys((await trailOf(entries, { limit: 10 })).items),
    );
  });

  it("given any entries, filters and page size, then the pages together are exactly the matching set, in order", async () => {
    const anEntry = fc
      .record({
        customerId: fc.constantFrom(...CUSTOMERS),
        minute: fc.integer({ min: 0, max: 20 }),
        actorId: fc.constantFrom(...ACTORS),
        type: fc.constantFrom(...TYPES),
      })
      .map(({ customerId, minute, actorId, type }) => ({ ...entry(customerId, 0, minute, actorId), type }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(anEntry, { minLength: 10, maxLength: 60 }).map(asStreams),
        fc.integer({ min: 1, max: 7 }),
        fc.record(
          {
            actorId: fc.constantFrom(...ACTORS),
            customerId: fc.constantFrom(...CUSTOMERS),
            type: fc.constantFrom(...TYPES),
            from: fc.integer({ min: 0, max: 20 }).map(at),
            to: fc.integer({ min: 0, max: 21 }).map(at),
          },
          { requiredKeys: [] },
        ),
        async (entries, limit, selection) => {
          const expected = entries
            .filter(
              (e) =>
                (selection.actorId === undefined || e.actor.id === selection.actorId) &&
                (selection.customerId === undefined || e.customerId === selection.customerId) &&
                (selection.type === undefined || e.type === selection.type) &&
                (selection.from === undefined || e.recordedAt >= selection.from) &&
                (selection.to === undefined || e.recordedAt < selection.to),
            )
            .sort(
              (a, b) =>
                b.recordedAt.localeCompare(a.recordedAt) ||
                (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) ||
                b.revision - a.revision,
            );
          const paged = await allPages(entries, { ...selection, limit });

          expect(keys(paged)).toEqual(keys(expected));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("the audit trail of the event store's rows", () => {
  it("given a history made by the command path, then every page under every filter equals the projected read model's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-audit-"));
    const path = join(dir, "events.sqlite");
    const eventStore = openSqliteEventStore({ path });
    const readStore = openSqliteReadStore({ path: ":memory:" });
    const fromRows = eventStoreAuditTrail(path);
    try {
      // Revisions 0, 1, ... of one customer recorded in the same hour: ties on recordedAt abound.
      await appendRandomHistory(eventStore, seededRandom(7), {
        customers: 8,
        commandsPerCustomer: 10,
        start: new Date("2025-07-01T00:00:00.000Z"),
      });
      const projector = startProjector({
        name: "audit",
        eventStore,
        readStore,
        projections: [auditTrailProjection],
        batchSize: 13,
      });
      await projector.caughtUp;
      await projector.stop();
      const fromReadModel = auditReadModel(
        readStore.collection<AuditEntry>(auditTrailProjection.collection, {
          indexes: auditTrailProjection.indexes ?? [],
        }),
      );
      const everything = await auditTrail(fromReadModel, { limit: 500 });
      expect(everything.items.length).toBeGreaterThan(40);
      const someone = everything.items[17] as (typeof everything.items)[number];
      const selections: Omit<AuditQuery, "limit">[] = [
        {},
        { customerId: someone.customerId },
        { type: someone.type },
        { actorId: "sales-test" },
        { actorId: "nobody" },
        { from: "2025-07-01T02:00:00Z", to: "2025-07-01T05:30:00+01:00" },
      ];
      for (const selection of selections) {
        let cursor: string | null = null;
        for (let page = 0; page === 0 || (cursor !== null && page < 100); page++) {
          const query = { ...selection, limit: 7, ...(cursor === null ? {} : { cursor }) };
          const expected = await auditTrail(fromReadModel, query);
          expect(await auditTrail(fromRows, query)).toEqual(expected);
          cursor = expected.nextCursor;
        }
      }
    } finally {
      fromRows.close();
      await readStore.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
