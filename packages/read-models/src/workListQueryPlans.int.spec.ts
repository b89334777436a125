import { indexName, indexServing } from "@crm/read-store-sqlite";
import { describe, expect, it } from "vitest";
import { followUpEntriesProjection } from "./followUpEntries.ts";
import { FOLLOW_UP_STATUSES, type FollowUpQuery, followUpPageQuery } from "./followUpWorkList.ts";
import { idleQuery, poolWatchProjection } from "./poolWatch.ts";
import type { AnyProjection } from "./projection.ts";

// Issue 11: every query the work list and the idle-return rule ask is served by an index their
// read model declares. A query no declared index serves is left to SQLite's own planner, which
// sorts the whole collection: that is what this guards against when a filter or an order changes.

const declared = (projection: AnyProjection) =>
  (projection.indexes ?? []).map((index) => ({ name: indexName(projection.collection, index), index }));

const now = new Date("2026-06-10T00:00:00.000Z");
const cursor = Buffer.from(JSON.stringify({ at: "2026-06-01T00:00:00.000Z", followUpId: "f-1" })).toString(
  "base64url",
);

describe("the query plans of the work list and the idle-return rule", () => {
  it("given every shape of GET /follow-ups, then a declared index of the entries serves it", () => {
    const shapes: FollowUpQuery[] = [];
    for (const status of [undefined, ...FOLLOW_UP_STATUSES])
      for (const customerId of [undefined, "c-1"])
        for (const dueBefore of [undefined, "2026-06-05T00:00:00Z"])
          for (const after of [undefined, cursor])
            shapes.push({
              assigneeId: "rep-1",
              limit: 50,
              ...(status ? { status } : {}),
              ...(customerId ? { customerId } : {}),
              ...(dueBefore ? { dueBefore } : {}),
              ...(after ? { cursor: after } : {}),
            });

    const unserved = shapes.filter(
      (shape) =>
        indexServing(declared(followUpEntriesProjection), followUpPageQuery(shape, now)) === undefined,
    );

    expect(unserved).toEqual([]);
  });

  it("given the rule's pass, then the pool watch's index serves it", () => {
    expect(
      indexServing(declared(poolWatchProjection), { ...idleQuery(now.getTime()), limit: 500 }),
    ).toBeDefined();
  });
});
