import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { DocumentQuery } from "@crm/read-store";
import { afterEach, beforeEach, expect, it } from "vitest";
import { selectSql } from "./sqliteQuery.ts";
import { openSqliteReadStore } from "./sqliteReadStore.ts";

// The contract suite checks answers; this checks that SQLite reaches them through the declared
// index (a seek and an ordered walk), not by reading the collection and sorting it.

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "crm-query-plan-"));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const planOf = (path: string, collection: string, query: DocumentQuery): string => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const { sql, params } = selectSql(collection, query);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    return rows.map((row) => row.detail).join("\n");
  } finally {
    db.close();
  }
};

it("a filtered, sorted, keyset page is answered from the declared index, without a sort step", async () => {
  const path = join(directory, "read-models.sqlite");
  const store = openSqliteReadStore({ path });
  const customers = store.collection("customers", {
    indexes: [
      [
        ["stage", "asc"],
        ["createdAtMs", "desc"],
      ],
    ],
  });
  await customers.putMany(
    Array.from({ length: 50 }, (_, i) => ({ _id: `c-${i}`, stage: i % 2 ? "lead" : "won", createdAtMs: i })),
  );
  await store.close();

  const plan = planOf(path, "customers", {
    filter: { stage: "lead" },
    sort: [["createdAtMs", "desc"]],
    after: [30, "c-30"],
    limit: 10,
  });

  expect(plan).toMatch(/USING INDEX documents_index_/);
  expect(plan).not.toMatch(/TEMP B-TREE/);
});
