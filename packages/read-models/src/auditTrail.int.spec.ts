import { openSqliteReadStore } from "@crm/read-store-sqlite";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuditQuery, InvalidAuditCursorError, auditTrail as trailQuery } from "./auditTrail.ts";
import { type AuditEntry, auditTrailProjection } from "./auditTrailProjection.ts";

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

const keys = (items: ReadonlyArray<{ customerId: string; revision: number }>) =>
  items.map((item) => `${item.customerId}:${item.revision}`);

/** The trail query over these entries, in a read store of their own, as the projection declares it. */
const auditTrail = async (entries: readonly AuditEntry[], query: AuditQuery) => {
  const store = openSqliteReadStore({ path: ":memory:" });
  try {
    const collection = store.collection<AuditEntry>(auditTrailProjection.collection, {
      indexes: auditTrailProjection.indexes ?? [],
    });
    await collection.putMany(entries);
    return await trailQuery(collection, query);
  } finally {
    await store.close();
  }
};

/** Every page, following nextCursor until it is null. */
const allPages = async (entries: readonly AuditEntry[], query: Omit<AuditQuery, "cursor">) => {
  const items = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const answer = await auditTrail(entries, { ...query, ...(cursor ? { cursor } : {}) });
    items.push(...answer.items);
    if (answer.nextCursor === null) return items;
    cursor = answer.nextCursor;
  }
  throw new Error("paging did not end");
};

describe("the audit trail query, answered by the read store", () => {
  it("given events, then newest recordedAt first, ties by customerId then newest revision first", async () => {
    const entries = [
      entry("1b-customer", 0, 1),
      entry("0a-customer", 0, 1),
      entry("0a-customer", 1, 5),
      entry("1b-customer", 1, 5),
      entry("1b-customer", 2, 5),
      entry("0a-customer", 2, 9),
    ];

    expect(keys((await auditTrail(entries, { limit: 10 })).items)).toEqual([
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

    expect(keys((await auditTrail(entries, { limit: 10, from: at(1), to: at(3) })).items)).toEqual([
      "0a-customer:2",
      "0a-customer:1",
    ]);
  });

  it("given from and to written with an offset, then they cut the same instants", async () => {
    const entries = [0, 1, 2, 3].map((minute) => entry("0a-customer", minute, minute));
    const inBeijing = (minute: number) => `2026-01-01T08:0${minute}:00+08:00`;

    expect(
      keys((await auditTrail(entries, { limit: 10, from: inBeijing(1), to: inBeijing(3) })).items),
    ).toEqual(["0a-customer:2", "0a-customer:1"]);
  });

  it("given filters, then only the entries matching all of them, with actor and without _id", async () => {
    const entries = [
      entry("0a-customer", 0, 1, "sales-1"),
      entry("0a-customer", 1, 2, "admin-1"),
      entry("1b-customer", 0, 3, "admin-1"),
    ];

    const answer = await auditTrail(entries, {
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
      await expect(auditTrail([], { limit: 1, cursor })).rejects.toThrow(InvalidAuditCursorError);
  });

  it("given paging by cursor, when new events arrive between pages, then every earlier entry comes exactly once", async () => {
    const entries = [0, 1, 2, 3, 4].map((minute) => entry("0a-customer", minute, minute));
    const first = await auditTrail(entries, { limit: 2 });
    const later = [...entries, entry("0a-customer", 5, 10), entry("1b-customer", 0, 11)];
    const second = await auditTrail(later, { limit: 10, cursor: first.nextCursor as string });

    expect(keys([...first.items, ...second.items])).toEqual(
      keys((await auditTrail(entries, { limit: 10 })).items),
    );
  });

  it("given any entries, filters and page size, then the pages together are exactly the matching set, in order", async () => {
    const anEntry = fc
      .record({
        customerId: fc.constantFrom(...CUSTOMERS),
        revision: fc.integer({ min: 0, max: 30 }),
        minute: fc.integer({ min: 0, max: 20 }),
        actorId: fc.constantFrom(...ACTORS),
        type: fc.constantFrom(...TYPES),
      })
      .map(({ customerId, revision, minute, actorId, type }) => ({
        ...entry(customerId, revision, minute, actorId),
        type,
      }));
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(anEntry, { selector: (e) => e._id, minLength: 10, maxLength: 60 }),
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
      { numRuns: 150 },
    );
  });
});
