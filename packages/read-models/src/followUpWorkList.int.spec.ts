import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerFollowUpsDocument, customerFollowUpsProjection } from "./customerFollowUps.ts";
import { type FollowUpEntryDocument, followUpEntriesProjection } from "./followUpEntries.ts";
import {
  type FollowUpCollections,
  type FollowUpQuery,
  InvalidFollowUpCursorError,
  followUpWorkList as workList,
} from "./followUpWorkList.ts";

// Contract 9.4, the work list's order and paging, on documents as the projections write them, in
// a read store opened with the indexes the entries declare.

const now = new Date("2026-06-10T00:00:00.000Z");
const entry = (
  followUpId: string,
  dueAt: string,
  completedAt: string | null = null,
  assigneeId = "rep-1",
) => ({
  followUpId,
  title: followUpId,
  dueAt,
  assigneeId,
  completedAt,
});
const documents: CustomerFollowUpsDocument[] = [
  {
    _id: "c1",
    customerId: "c1",
    revision: 9,
    customerName: "张伟",
    stage: "proposal",
    followUps: [
      entry("a", "2026-06-12T00:00:00.000Z"),
      entry("b", "2026-06-01T00:00:00.000Z", "2026-06-02T00:00:00.000Z"),
      entry("c", "2026-06-05T00:00:00.000Z"),
      entry("x", "2026-06-04T00:00:00.000Z", null, "rep-2"),
    ],
  },
  {
    _id: "c2",
    customerId: "c2",
    revision: 3,
    customerName: "Ada",
    stage: "lead",
    followUps: [
      entry("d", "2026-06-02T00:00:00.000Z", "2026-06-09T00:00:00.000Z"),
      entry("e", "2026-06-11T00:00:00.000Z"),
    ],
  },
];
/** The entry documents the follow-ups of these customers' documents make (a completion an hour later offset). */
const entriesOf = (customers: readonly CustomerFollowUpsDocument[]): FollowUpEntryDocument[] =>
  customers.flatMap((customer) =>
    customer.followUps.map((scheduled) => ({
      _id: scheduled.followUpId,
      followUpId: scheduled.followUpId,
      customerId: customer.customerId,
      revision: customer.revision,
      assigneeId: scheduled.assigneeId,
      dueAt: scheduled.dueAt,
      dueAtMs: Date.parse(scheduled.dueAt),
      done: scheduled.completedAt !== null,
      completedAt: scheduled.completedAt,
      completedAtMs: scheduled.completedAt === null ? null : Date.parse(scheduled.completedAt),
    })),
  );

const store = openSqliteReadStore({ path: ":memory:" });
const collections: FollowUpCollections = {
  entries: store.collection(followUpEntriesProjection.collection, {
    indexes: followUpEntriesProjection.indexes ?? [],
  }),
  customers: store.collection(customerFollowUpsProjection.collection),
};
beforeAll(async () => {
  await collections.customers.putMany(documents);
  await collections.entries.putMany(entriesOf(documents));
});
afterAll(() => store.close());

const followUpWorkList = (query: FollowUpQuery) => workList(collections, query, now);
const ids = async (query: FollowUpQuery) =>
  (await followUpWorkList(query)).items.map((item) => item.followUpId);

describe("the follow-up work list", () => {
  it("lists open ones (overdue included) by due date, overdue alone, done by completion latest first, all by due date", async () => {
    expect(await ids({ assigneeId: "rep-1", status: "open", limit: 50 })).toEqual(["c", "e", "a"]);
    expect(await ids({ assigneeId: "rep-1", status: "overdue", limit: 50 })).toEqual(["c"]);
    expect(await ids({ assigneeId: "rep-1", status: "done", limit: 50 })).toEqual(["d", "b"]);
    expect(await ids({ assigneeId: "rep-1", limit: 50 })).toEqual(["b", "d", "c", "e", "a"]);
    expect(await ids({ assigneeId: "rep-2", limit: 50 })).toEqual(["x"]);
    expect(await ids({ assigneeId: "rep-1", customerId: "c2", limit: 50 })).toEqual(["d", "e"]);
    expect(await ids({ assigneeId: "rep-1", customerId: "c1", status: "done", limit: 50 })).toEqual(["b"]);
    expect(
      await ids({
        assigneeId: "rep-1",
        status: "overdue",
        dueBefore: "2026-06-03T00:00:00+00:00",
        limit: 50,
      }),
    ).toEqual([]);
    expect(await ids({ assigneeId: "rep-1", dueBefore: "2026-06-05T08:00:00+08:00", limit: 50 })).toEqual([
      "b",
      "d",
    ]);
  });

  it("pages by the cursor without repeats or gaps, in every order", async () => {
    for (const status of [undefined, "open", "done"] as const) {
      const all = await ids({ assigneeId: "rep-1", limit: 50, ...(status ? { status } : {}) });
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await followUpWorkList({
          assigneeId: "rep-1",
          limit: 1,
          ...(status ? { status } : {}),
          ...(cursor ? { cursor } : {}),
        });
        paged.push(...page.items.map((item) => item.followUpId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged, status).toEqual(all);
    }
  });

  it("refuses a cursor it did not give out", async () => {
    await expect(followUpWorkList({ assigneeId: "rep-1", limit: 5, cursor: "bm90LW91cnM" })).rejects.toThrow(
      InvalidFollowUpCursorError,
    );
  });
});
