import { describe, expect, it } from "vitest";
import {
  byId,
  type CustomerCard,
  customerCard,
  type OpenReadStore,
  type ReadStoreLimits,
  uniqueCollection,
  useOpenedStore,
} from "./contractFixtures.ts";
import { cardWith, foldStagesInto, reached } from "./stagesReached.ts";

// More than a typical adapter's write batch (1,000), so chunked writes and batched cursors
// are crossed; and far past the hundred replacements of existing documents in one command
// that wedge FerretDB v1 for good, a limit no smaller test would meet.
const MANY = 1_100;
// Projections of one batch write at the same time, into collections of one database.
const WRITERS = 4;
const PER_WRITER = 300;

const manyCards = (count: number, revision: number): CustomerCard[] =>
  Array.from({ length: count }, (_, index) =>
    customerCard(`c-${String(index).padStart(5, "0")}`, {
      revision,
      stage: revision > 0 ? "customer" : "lead",
    }),
  );

type Rich = { _id: string; [field: string]: unknown };

export const documentsContract = (open: OpenReadStore, limits: ReadStoreLimits): void => {
  describe("documents", () => {
    const opened = useOpenedStore(open);

    it("getMany returns only the documents that exist, keyed by id", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany([customerCard("c-1"), customerCard("c-2"), customerCard("c-3")]);

      const found = await customers.getMany(["c-3", "missing", "c-1", "c-1"]);

      expect([...found.keys()].sort()).toEqual(["c-1", "c-3"]);
      expect(found.get("c-1")).toEqual(customerCard("c-1"));
      expect(found.get("c-3")).toEqual(customerCard("c-3"));
      expect(await customers.getMany([])).toEqual(new Map());
    });

    it("changeMark stays while nothing is written and changes after every completed write", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      const marks = [await customers.changeMark()];
      expect(await customers.changeMark()).toBe(marks[0]);
      await customers.all();
      await customers.getMany(["c-1"]);
      expect(await customers.changeMark()).toBe(marks[0]);

      await customers.putMany([customerCard("c-1")]);
      marks.push(await customers.changeMark());
      await customers.putMany([customerCard("c-1", { revision: 2 })]);
      marks.push(await customers.changeMark());
      await customers.clear();
      marks.push(await customers.changeMark());

      expect(new Set(marks).size).toBe(4);
      const other = opened().store.collection<CustomerCard>(uniqueCollection());
      await other.putMany([customerCard("c-1")]);
      expect(await customers.changeMark()).toBe(marks[3]);
    });

    it("getMany on a collection never written finds nothing", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());

      expect(await customers.getMany(["c-1"])).toEqual(new Map());
      expect(await customers.all()).toEqual([]);
      expect(await customers.count()).toBe(0);
    });

    it("putMany upserts whole documents: a second put replaces, dropping fields it lacks", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany([
        customerCard("c-1", { tags: ["vip"] }),
        customerCard("c-2", { tags: ["new"] }),
      ]);

      await customers.putMany([customerCard("c-1", { stage: "customer", revision: 1 }), customerCard("c-3")]);

      const found = await customers.getMany(["c-1", "c-2", "c-3"]);
      expect(found.get("c-1")).toEqual(customerCard("c-1", { stage: "customer", revision: 1 }));
      expect(found.get("c-1")).not.toHaveProperty("tags");
      expect(found.get("c-2")).toEqual(customerCard("c-2", { tags: ["new"] }));
      expect(found.get("c-3")).toEqual(customerCard("c-3"));
      expect(await customers.count()).toBe(3);
    });

    // How projections write, whatever the store: one that inserts without reading (insertNew)
    // and one read before it is written must leave the same documents, above all when a batch
    // comes again (a member died before committing it, a relay published from an older checkpoint).
    it("given a customer's first batch stored and a later one after it, when the first comes again with newer events, then the stored card is folded into, never replaced", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await foldStagesInto(customers, [reached("c-1", 0, "lead")]);
      await foldStagesInto(customers, [reached("c-1", 1, "prospect")]);

      await foldStagesInto(customers, [
        reached("c-1", 0, "lead"),
        reached("c-1", 2, "customer"),
        reached("c-2", 0, "lead"),
      ]);

      expect(byId(await customers.all())).toEqual([
        cardWith("c-1", ["lead", "prospect", "customer"]),
        cardWith("c-2", ["lead"]),
      ]);
    });

    it("given a batch stored, when it comes again with nothing new, then nothing is written: the change mark stays", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      const batch = [reached("c-1", 0, "lead"), reached("c-1", 1, "prospect"), reached("c-2", 0, "lead")];
      const before = await customers.changeMark();
      await foldStagesInto(customers, batch);
      const after = await customers.changeMark();

      await foldStagesInto(customers, batch);

      expect(after).not.toBe(before);
      expect(await customers.changeMark()).toBe(after);
      expect(byId(await customers.all())).toEqual([
        cardWith("c-1", ["lead", "prospect"]),
        cardWith("c-2", ["lead"]),
      ]);
    });

    it("putMany of nothing changes nothing", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany([customerCard("c-1")]);

      await customers.putMany([]);

      expect(await customers.all()).toEqual([customerCard("c-1")]);
    });

    it("roundtrips Chinese text, arrays of objects holding arrays, numbers, booleans and null", async () => {
      const customers = opened().store.collection<Rich>(uniqueCollection());
      const rich: Rich = {
        _id: "客户-李娜-01",
        name: "李娜",
        company: "北京星辰科技有限公司 🚀",
        notes: ["首次联系：展会", "第二次：电话回访"],
        stages: [
          { stage: "线索", at: "2026-01-05T08:00:00.000Z", by: { id: "u-1", name: "王伟" }, tags: ["展会"] },
          { stage: "客户", at: "2026-02-10T09:30:00.000Z", by: null, tags: [] },
        ],
        orders: [{ lines: [{ sku: "A-1", quantities: [1, 2, 3] }], totals: { net: 99.5, discounts: [-6] } }],
        revenue: 1234567.89,
        largeInteger: 2 ** 40,
        zero: 0,
        active: true,
        churned: false,
        owner: null,
        empty: {},
      };

      await customers.putMany([rich]);

      expect((await customers.getMany([rich._id])).get(rich._id)).toEqual(rich);
      expect(await customers.all()).toEqual([rich]);
    });

    it("roundtrips arrays directly inside arrays", async (context) => {
      if (limits.arraysInArrays) return context.skip(limits.arraysInArrays);
      const customers = opened().store.collection<Rich>(uniqueCollection());
      const matrix: Rich = { _id: "c-1", matrix: [[1, 2], [[3.5, -4], []], []] };

      await customers.putMany([matrix]);

      expect(await customers.all()).toEqual([matrix]);
    });

    it("all() returns every document and count() counts them, across many writes", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      const documents = manyCards(MANY, 0);

      await customers.putMany(documents);

      expect(await customers.count()).toBe(MANY);
      expect(byId(await customers.all())).toEqual(documents);
      const found = await customers.getMany(documents.map((document) => document._id));
      expect(found.size).toBe(MANY);
    });

    it("putMany replaces many existing documents at once (a batch that touches known customers)", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany(manyCards(MANY, 0));

      const replaced = manyCards(MANY, 1);
      await customers.putMany(replaced);

      expect(await customers.count()).toBe(MANY);
      expect(byId(await customers.all())).toEqual(replaced);
    });

    it("takes concurrent putMany calls on several collections, as projections of one batch do", async () => {
      const { store } = opened();
      const collections = Array.from({ length: WRITERS }, () =>
        store.collection<CustomerCard>(uniqueCollection()),
      );
      const writeAll = (revision: number) =>
        Promise.all(collections.map((collection) => collection.putMany(manyCards(PER_WRITER, revision))));

      await writeAll(0);
      await writeAll(1);

      for (const collection of collections)
        expect(byId(await collection.all())).toEqual(manyCards(PER_WRITER, 1));
    });

    it("clear() drops every document, and the collection takes new ones after", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany([customerCard("c-1"), customerCard("c-2")]);

      await customers.clear();

      expect(await customers.count()).toBe(0);
      expect(await customers.all()).toEqual([]);
      expect(await customers.getMany(["c-1", "c-2"])).toEqual(new Map());
      await customers.putMany([customerCard("c-3")]);
      expect(await customers.all()).toEqual([customerCard("c-3")]);
    });

    it("collections are independent: the same id in two, cleared in one only", async () => {
      const { store } = opened();
      const summaries = store.collection<CustomerCard>(uniqueCollection());
      const search = store.collection<CustomerCard>(uniqueCollection());
      await summaries.putMany([customerCard("c-1", { stage: "customer" }), customerCard("c-2")]);
      await search.putMany([customerCard("c-1", { stage: "lead" })]);

      expect((await summaries.getMany(["c-1"])).get("c-1")?.stage).toBe("customer");
      expect((await search.getMany(["c-1"])).get("c-1")?.stage).toBe("lead");
      expect(await summaries.count()).toBe(2);
      expect(await search.count()).toBe(1);

      await summaries.clear();

      expect(await summaries.count()).toBe(0);
      expect(await search.all()).toEqual([customerCard("c-1", { stage: "lead" })]);
    });
  });
};
