import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RECENT_DOCUMENTS_KEPT } from "./sqliteDocumentCollection.ts";
import { openSqliteReadStore } from "./sqliteReadStore.ts";

// Without a reader of the whole collection, a collection keeps only its most recent documents in
// memory (a rebuild's peak stays bounded); whatever it let go of is read back from the rows.

type Card = { _id: string; version: number; name: string };
const card = (n: number, version = 1): Card => ({ _id: `c-${n}`, version, name: `customer ${n}` });
const MORE_THAN_KEPT = RECENT_DOCUMENTS_KEPT + 500;

const withStore = async (use: (store: ReturnType<typeof openSqliteReadStore>) => Promise<void>) => {
  const directory = await mkdtemp(join(tmpdir(), "crm-read-store-"));
  const store = openSqliteReadStore({ path: join(directory, "read-models.sqlite") });
  try {
    await use(store);
  } finally {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  }
};

describe("documents in memory, without a reader of the whole collection", () => {
  it("given more documents than are kept, when the first ones are read again, then they come from the rows as last written", async () => {
    await withStore(async (store) => {
      const cards = store.collection<Card>("cards", { substringIndexes: ["name"] });
      const all = Array.from({ length: MORE_THAN_KEPT }, (_, n) => card(n));
      await cards.putMany(all);
      await cards.putMany([{ ...card(0, 2), name: "renamed" }]);
      await cards.putMany(Array.from({ length: MORE_THAN_KEPT }, (_, n) => card(n + MORE_THAN_KEPT)));

      const found = await cards.getMany(["c-0", "c-1", "c-missing", `c-${MORE_THAN_KEPT * 2 - 1}`]);
      expect(Object.fromEntries(found)).toEqual({
        "c-0": { ...card(0, 2), name: "renamed" },
        "c-1": card(1),
        [`c-${MORE_THAN_KEPT * 2 - 1}`]: card(MORE_THAN_KEPT * 2 - 1),
      });
      expect(await cards.count()).toBe(MORE_THAN_KEPT * 2);
      // The searched text of a document no longer in memory was compared with its stored one.
      expect(await cards.find({ filter: { name: { contains: "renamed" } }, limit: 5 })).toEqual([
        found.get("c-0"),
      ]);
      expect(await cards.find({ filter: { name: { contains: "customer 0" } }, limit: 5 })).toEqual([]);
    });
  });

  it("given a reader of the whole collection, then later writes are in what it reads next", async () => {
    await withStore(async (store) => {
      const cards = store.collection<Card>("cards");
      await cards.putMany([card(1), card(2)]);
      expect(await cards.all()).toHaveLength(2);
      await cards.putMany([card(2, 2), card(3)]);

      expect((await cards.all()).sort((a, b) => a._id.localeCompare(b._id))).toEqual([
        card(1),
        card(2, 2),
        card(3),
      ]);
      expect((await cards.getMany(["c-2"])).get("c-2")).toEqual(card(2, 2));
    });
  });
});
