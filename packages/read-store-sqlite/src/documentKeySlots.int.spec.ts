import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { IndexDeclaration, ReadModelDocument } from "@crm/read-store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIndexSql, indexName } from "./sqliteQuery.ts";
import { openSqliteReadStore } from "./sqliteReadStore.ts";

// The indexed fields kept in key columns beside the JSON (documentKeySlots.ts): a write sets only
// the columns whose value changed, so the answers must follow every change, whichever columns it
// touched, in files made before the columns existed too, and with another process's indexes.

type Customer = ReadModelDocument & { stage: string; ownerId: string; createdAtMs: number; revision: number };

const BY_STAGE: IndexDeclaration = [
  ["stage", "asc"],
  ["createdAtMs", "desc"],
];
const BY_OWNER: IndexDeclaration = [
  ["ownerId", "asc"],
  ["createdAtMs", "desc"],
];

const customer = (i: number, changes: Partial<Customer> = {}): Customer => ({
  _id: `c-${i}`,
  stage: "lead",
  ownerId: `rep-${i % 2}`,
  createdAtMs: i,
  revision: 0,
  ...changes,
});

const idsOf = (documents: readonly ReadModelDocument[]) => documents.map((document) => document._id);

let directory: string;
let path: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "crm-key-slots-"));
  path = join(directory, "read-models.sqlite");
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe("indexed fields kept in key columns", () => {
  it("given updates that change an indexed field and updates that change none, then every query answers from the new documents", async () => {
    const store = openSqliteReadStore({ path });
    try {
      const customers = store.collection<Customer>("customers", { indexes: [BY_STAGE, BY_OWNER] });
      await customers.putMany([0, 1, 2, 3].map((i) => customer(i)));
      // c-1 moves stage, c-2 changes owner, c-3 changes nothing indexed.
      await customers.putMany([
        customer(1, { stage: "won", revision: 1 }),
        customer(2, { ownerId: "rep-9", revision: 1 }),
        customer(3, { revision: 1 }),
      ]);
      await customers.putMany([customer(1, { stage: "won", revision: 2 })]);

      const newest = [["createdAtMs", "desc"]] as const;
      expect(
        idsOf(await customers.find({ filter: { stage: "lead" }, sort: [...newest], limit: 10 })),
      ).toEqual(["c-3", "c-2", "c-0"]);
      expect(idsOf(await customers.find({ filter: { stage: "won" }, sort: [...newest], limit: 10 }))).toEqual(
        ["c-1"],
      );
      expect(
        idsOf(await customers.find({ filter: { ownerId: "rep-0" }, sort: [...newest], limit: 10 })),
      ).toEqual(["c-0"]);
      expect(
        idsOf(await customers.find({ filter: { ownerId: "rep-9" }, sort: [...newest], limit: 10 })),
      ).toEqual(["c-2"]);
      expect(
        (await customers.find({ filter: { _id: "c-3" }, limit: 1 })).map((document) => document.revision),
      ).toEqual([1]);
    } finally {
      await store.close();
    }
  });

  it("given a file whose indexes were made over the JSON (an earlier release), then they are made again over key columns and answer the same", async () => {
    const earlier = new DatabaseSync(path);
    earlier.exec(`CREATE TABLE documents (
      collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id)
    ) STRICT`);
    earlier.exec(createIndexSql("customers", BY_STAGE, indexName("customers", BY_STAGE)));
    const insert = earlier.prepare("INSERT INTO documents (collection, id, body) VALUES ('customers', ?, ?)");
    for (const i of [0, 1, 2])
      insert.run(`c-${i}`, JSON.stringify(customer(i, { stage: i === 1 ? "won" : "lead" })));
    earlier.close();

    const store = openSqliteReadStore({ path });
    try {
      const customers = store.collection<Customer>("customers", { indexes: [BY_STAGE] });
      const leads = () =>
        customers.find({ filter: { stage: "lead" }, sort: [["createdAtMs", "desc"]], limit: 10 });
      expect(idsOf(await leads())).toEqual(["c-2", "c-0"]);
      await customers.putMany([customer(0, { stage: "won", revision: 1 })]);
      expect(idsOf(await leads())).toEqual(["c-2"]);
    } finally {
      await store.close();
    }
    const reopened = new DatabaseSync(path, { readOnly: true });
    try {
      const { sql } = reopened
        .prepare("SELECT sql FROM sqlite_master WHERE name = ?")
        .get(indexName("customers", BY_STAGE)) as { sql: string };
      expect(sql).not.toContain("json_extract");
    } finally {
      reopened.close();
    }
  });

  it("given another process that indexes a field this one does not, then this one's writes keep that index right", async () => {
    const writer = openSqliteReadStore({ path });
    const reader = openSqliteReadStore({ path });
    try {
      const written = writer.collection<Customer>("customers");
      await written.putMany([customer(0), customer(1)]);
      const read = reader.collection<Customer>("customers", { indexes: [BY_OWNER] });
      await written.putMany([customer(1, { ownerId: "rep-7", revision: 1 })]);

      expect(
        idsOf(await read.find({ filter: { ownerId: "rep-7" }, sort: [["createdAtMs", "desc"]], limit: 10 })),
      ).toEqual(["c-1"]);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
