import { describe, expect, it } from "vitest";
import type { CustomerFollowUpsDocument } from "./customerFollowUps.ts";
import { followUpWorkList, InvalidFollowUpCursorError } from "./followUpWorkList.ts";

// Contract 9.4, the work list's order and paging, on documents as the projection writes them.

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
const ids = (query: Parameters<typeof followUpWorkList>[1]) =>
  followUpWorkList(documents, query, now).items.map((item) => item.followUpId);

describe("the follow-up work list", () => {
  it("lists open ones (overdue included) by due date, overdue alone, done by completion latest first, all by due date", () => {
    expect(ids({ assigneeId: "rep-1", status: "open", limit: 50 })).toEqual(["c", "e", "a"]);
    expect(ids({ assigneeId: "rep-1", status: "overdue", limit: 50 })).toEqual(["c"]);
    expect(ids({ assigneeId: "rep-1", status: "done", limit: 50 })).toEqual(["d", "b"]);
    expect(ids({ assigneeId: "rep-1", limit: 50 })).toEqual(["b", "d", "c", "e", "a"]);
    expect(ids({ assigneeId: "rep-2", limit: 50 })).toEqual(["x"]);
    expect(ids({ assigneeId: "rep-1", customerId: "c2", limit: 50 })).toEqual(["d", "e"]);
  });

  it("pages by the cursor without repeats or gaps, in every order", () => {
    for (const status of [undefined, "open", "done"] as const) {
      const all = ids({ assigneeId: "rep-1", limit: 50, ...(status ? { status } : {}) });
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = followUpWorkList(
          documents,
          { assigneeId: "rep-1", limit: 1, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
          now,
        );
        paged.push(...page.items.map((item) => item.followUpId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged, status).toEqual(all);
    }
  });

  it("refuses a cursor it did not give out", () => {
    expect(() =>
      followUpWorkList(documents, { assigneeId: "rep-1", limit: 5, cursor: "bm90LW91cnM" }, now),
    ).toThrow(InvalidFollowUpCursorError);
  });
});
