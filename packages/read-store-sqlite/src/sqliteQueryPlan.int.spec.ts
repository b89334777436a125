import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { DocumentQuery, IndexDeclaration } from "@crm/read-store";
import { afterAll, beforeAll, expect, it } from "vitest";
import { keySlotsReader } from "./documentKeySlots.ts";
import { indexName, selectSql } from "./sqliteQuery.ts";
import { openSqliteReadStore } from "./sqliteReadStore.ts";
import { substringCandidates, substringTableName } from "./sqliteSubstringIndex.ts";

// The contract suite checks answers; this checks that SQLite reaches them through the declared
// index (a seek and an ordered walk), not by reading the whole collection and sorting it.

const NEWEST: IndexDeclaration = [["createdAtMs", "desc"]];
const BY_STAGE: IndexDeclaration = [
  ["stage", "asc"],
  ["createdAtMs", "desc"],
];
const INDEXES = [NEWEST, BY_STAGE];

let directory: string;
let path: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "crm-query-plan-"));
  path = join(directory, "read-models.sqlite");
  const store = openSqliteReadStore({ path });
  // Another collection in the same table, so "the collection's rows" is a real restriction.
  for (const name of ["customers", "others"])
    await store.collection(name, { indexes: INDEXES, substringIndexes: ["text"] }).putMany(
      Array.from({ length: 200 }, (_, i) => ({
        _id: `c-${i}`,
        stage: i % 2 ? "lead" : "won",
        createdAtMs: i,
        text: `customer-${i}@example.cn`,
      })),
    );
  await store.close();
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const planOf = (query: DocumentQuery): string => {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const named = INDEXES.map((index) => ({ name: indexName("customers", index), index }));
    const { sql, params } = selectSql(
      "customers",
      query,
      named,
      undefined,
      keySlotsReader(db, "customers").read().fields,
    );
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    return rows.map((row) => row.detail).join("\n");
  } finally {
    db.close();
  }
};

it("the newest-first page of a whole collection walks its index, not the primary key and a sort", () => {
  const plan = planOf({ sort: [["createdAtMs", "desc"]], limit: 51 });

  expect(plan).toContain(`USING INDEX ${indexName("customers", NEWEST)}`);
  expect(plan).not.toMatch(/TEMP B-TREE/);
});

it("a filtered keyset page seeks in the index that leads with the filtered field", () => {
  const plan = planOf({
    filter: { stage: "lead" },
    sort: [["createdAtMs", "desc"]],
    after: [30, "c-30"],
    limit: 10,
  });

  // Over the key columns that hold the fields (documentKeySlots.ts), not expressions over the JSON.
  expect(plan).toMatch(
    new RegExp(`USING INDEX ${indexName("customers", BY_STAGE)} \\(k\\d+=\\? AND k\\d+<\\?\\)`),
  );
  expect(plan).not.toMatch(/TEMP B-TREE/);
});

it("an order no declared index serves is left to SQLite, and still answers", () => {
  const query: DocumentQuery = { sort: [["stage", "asc"]], limit: 5 };

  expect(selectSql("customers", query, []).sql).not.toMatch(/INDEXED BY/);
  expect(planOf(query)).toMatch(/TEMP B-TREE/);
});

it("a needle a substring index narrows reads the rows it finds and sorts those, without walking the order", () => {
  const query: DocumentQuery = {
    filter: { text: { contains: "customer-137@" } },
    sort: [["createdAtMs", "desc"]],
    limit: 51,
  };
  const candidates = substringCandidates(query, [
    { path: "text", table: substringTableName("customers", "text") },
  ]);
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const { sql, params } = selectSql("customers", query, [], candidates);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((row) => row.detail)
      .join("\n");

    expect(plan).toMatch(/SEARCH documents USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan).toContain("VIRTUAL TABLE INDEX 0:G");
    expect(db.prepare(sql).all(...params)).toHaveLength(1);
  } finally {
    db.close();
  }
});
