import { describe, expect, it } from "vitest";
import type { DocumentQuery, IndexDeclaration } from "../documentQuery.ts";
import { keysetOf } from "../documentQuery.ts";
import { everyMatch } from "../everyMatch.ts";
import type { DocumentCollection, ReadStore } from "../readStore.ts";
import { type OpenReadStore, uniqueCollection, useOpenedStore } from "./contractFixtures.ts";

/** A document shaped like the search and audit read models: nested, nullable, arrays, ties. */
type Lead = {
  _id: string;
  name: string;
  stage: "lead" | "qualified" | "won";
  ownerId: string | null;
  createdAt: number;
  value: number;
  tags: string[];
  folded: string;
  vip: boolean;
  actor: { id: string; role: string };
};

const STAGES = ["lead", "qualified", "won"] as const;
const OWNERS = ["u-1", "u-2", null] as const;

/** 60 leads: createdAt repeats (every value held by three), so `_id` decides ties. */
const leads = (): Lead[] =>
  Array.from({ length: 60 }, (_, index) => ({
    _id: `lead-${String((index * 37) % 60).padStart(2, "0")}`,
    name: `客户 ${index}`,
    stage: STAGES[index % 3] as Lead["stage"],
    ownerId: OWNERS[index % 3] ?? null,
    createdAt: 1_000 + Math.floor(index / 3),
    value: (index * 7919) % 1_000,
    tags: index % 4 === 0 ? ["vip", "华东"] : index % 4 === 1 ? ["华东"] : [],
    folded: `客户${index}|acme${index % 10}`,
    vip: index % 5 === 0,
    actor: { id: `actor-${index % 4}`, role: index % 2 === 0 ? "sales" : "admin" },
  }));

const INDEXES: IndexDeclaration[] = [
  [["createdAt", "desc"]],
  [
    ["stage", "asc"],
    ["createdAt", "desc"],
  ],
  [
    ["actor.id", "asc"],
    ["value", "asc"],
  ],
];

const ids = (documents: readonly { _id: string }[]) => documents.map((document) => document._id);
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst = (a: Lead, b: Lead) => b.createdAt - a.createdAt || compare(a._id, b._id);

/** Every page of a query, `limit` at a time, each continuing after the last one's keyset. */
const pageThrough = async (collection: DocumentCollection<Lead>, query: DocumentQuery) => {
  const pages: Lead[][] = [];
  let after = query.after;
  for (;;) {
    const page = await collection.find({ ...query, ...(after ? { after } : {}) });
    if (page.length === 0) return pages;
    pages.push(page);
    after = keysetOf(page.at(-1) as Lead, query.sort);
  }
};

export const queriesContract = (open: OpenReadStore): void => {
  describe("queries", () => {
    const opened = useOpenedStore(open);
    const filled = async (store: ReadStore = opened().store) => {
      const all = leads();
      const collection = store.collection<Lead>(uniqueCollection(), { indexes: INDEXES });
      await collection.putMany(all);
      return { collection, all };
    };
    const everything = { limit: 1_000 };
    const matching = (all: Lead[], keep: (lead: Lead) => boolean) =>
      ids(all.filter(keep).sort((a, b) => compare(a._id, b._id)));

    it("without a sort answers in _id order, at most limit", async () => {
      const { collection, all } = await filled();

      expect(ids(await collection.find(everything))).toEqual(matching(all, () => true));
      expect(ids(await collection.find({ limit: 5 }))).toEqual(matching(all, () => true).slice(0, 5));
    });

    it("filters by equality, on strings, numbers, booleans and nested fields", async () => {
      const { collection, all } = await filled();

      const found = await collection.find({
        filter: { stage: "won", vip: true, "actor.role": "admin", createdAt: 1_005 },
        ...everything,
      });
      expect(ids(found)).toEqual(
        matching(
          all,
          (lead) =>
            lead.stage === "won" && lead.vip && lead.actor.role === "admin" && lead.createdAt === 1_005,
        ),
      );
      expect(ids(await collection.find({ filter: { vip: false, stage: "lead" }, ...everything }))).toEqual(
        matching(all, (lead) => !lead.vip && lead.stage === "lead"),
      );
    });

    it("null matches a null or absent field; ne null matches the others", async () => {
      const { collection, all } = await filled();
      await collection.putMany([{ _id: "no-owner-field", name: "x" } as unknown as Lead]);

      expect(ids(await collection.find({ filter: { ownerId: null }, ...everything }))).toEqual(
        [...matching(all, (lead) => lead.ownerId === null), "no-owner-field"].sort(),
      );
      expect(ids(await collection.find({ filter: { ownerId: { ne: null } }, ...everything }))).toEqual(
        matching(all, (lead) => lead.ownerId !== null),
      );
      expect(ids(await collection.find({ filter: { ownerId: { ne: "u-1" } }, ...everything }))).toEqual(
        [...matching(all, (lead) => lead.ownerId !== "u-1"), "no-owner-field"].sort(),
      );
    });

    it("in matches any of the values, null included; an empty list matches nothing", async () => {
      const { collection, all } = await filled();

      expect(
        ids(await collection.find({ filter: { ownerId: { in: ["u-2", null] } }, ...everything })),
      ).toEqual(matching(all, (lead) => lead.ownerId === "u-2" || lead.ownerId === null));
      expect(await collection.find({ filter: { stage: { in: [] } }, ...everything })).toEqual([]);
      // Also where an index serves the order: no plan must be needed for an answer of nothing.
      const newest = { sort: [["createdAt", "desc"]], limit: 5 } as const;
      expect(await collection.find({ filter: { stage: { in: [] } }, ...newest })).toEqual([]);
      expect(await collection.find({ anyOf: [{ stage: { in: [] } }], ...newest })).toEqual([]);
    });

    it("ranges: inclusive and exclusive bounds on numbers and strings", async () => {
      const { collection, all } = await filled();

      expect(ids(await collection.find({ filter: { value: { gte: 200, lt: 500 } }, ...everything }))).toEqual(
        matching(all, (lead) => lead.value >= 200 && lead.value < 500),
      );
      expect(
        ids(await collection.find({ filter: { _id: { gt: "lead-10", lte: "lead-20" } }, ...everything })),
      ).toEqual(matching(all, (lead) => lead._id > "lead-10" && lead._id <= "lead-20"));
    });

    it("has matches an array field holding the value", async () => {
      const { collection, all } = await filled();

      expect(ids(await collection.find({ filter: { tags: { has: "vip" } }, ...everything }))).toEqual(
        matching(all, (lead) => lead.tags.includes("vip")),
      );
      expect(
        ids(await collection.find({ filter: { tags: { has: "华东" }, stage: "lead" }, ...everything })),
      ).toEqual(matching(all, (lead) => lead.tags.includes("华东") && lead.stage === "lead"));
    });

    it("contains matches a substring, Chinese included, with regular-expression characters taken literally", async () => {
      const { collection, all } = await filled();
      await collection.putMany([{ ...leads()[0], _id: "special", folded: "a.c*(x)|[y]+?$" } as Lead]);

      expect(ids(await collection.find({ filter: { folded: { contains: "户1" } }, ...everything }))).toEqual(
        matching(all, (lead) => lead.folded.includes("户1")),
      );
      expect(
        ids(await collection.find({ filter: { folded: { contains: "(x)|[y]+?$" } }, ...everything })),
      ).toEqual(["special"]);
      expect(await collection.find({ filter: { folded: { contains: "a.c.*" } }, ...everything })).toEqual([]);
    });

    it("a substring index declared on a field changes no answer of contains: short and long needles, wildcards, anyOf, rewrites, a clear", async () => {
      const store = opened().store;
      const name = uniqueCollection();
      const all = leads();
      // Documents written before the declaration are found through it too.
      await store.collection<Lead>(name, { indexes: INDEXES }).putMany(all);
      const collection = store.collection<Lead>(name, { indexes: INDEXES, substringIndexes: ["folded"] });
      const rewritten = all.map((lead, index) =>
        index % 7 === 0 ? { ...lead, folded: `${lead.folded}|改${index}` } : lead,
      );
      const special = { ...leads()[0], _id: "special", folded: "a.c*(x)|[y]+?$" } as Lead;
      await collection.putMany([...rewritten.filter((_, index) => index % 7 === 0), special]);
      const current = [...rewritten, special];
      const newest = { sort: [["createdAt", "desc"]] as DocumentQuery["sort"], limit: 1_000 };
      const expected = (keep: (lead: Lead) => boolean) => ids(current.filter(keep).sort(newestFirst));

      for (const needle of [
        "户1",
        "客户1",
        "acme3",
        "|改",
        "改14",
        "c*(x",
        "[y]+?",
        "*",
        "?$",
        "nobody-here",
      ]) {
        expect(
          ids(await collection.find({ filter: { folded: { contains: needle } }, ...newest })),
          needle,
        ).toEqual(expected((lead) => lead.folded.includes(needle)));
        expect(
          ids(await collection.find({ filter: { folded: { contains: needle } }, ...newest, limit: 2 })),
          needle,
        ).toEqual(expected((lead) => lead.folded.includes(needle)).slice(0, 2));
        expect(
          ids(
            await collection.find({
              filter: { stage: { ne: "won" } },
              anyOf: [{ folded: { contains: needle } }, { folded: { contains: "acme7" } }],
              ...newest,
            }),
          ),
          needle,
        ).toEqual(
          expected(
            (lead) => lead.stage !== "won" && (lead.folded.includes(needle) || lead.folded.includes("acme7")),
          ),
        );
        expect(
          ids(await collection.find({ anyOf: [{ folded: { contains: needle } }, { vip: true }], ...newest })),
          needle,
        ).toEqual(expected((lead) => lead.folded.includes(needle) || lead.vip));
      }

      await collection.clear();
      expect(await collection.find({ filter: { folded: { contains: "acme3" } }, ...newest })).toEqual([]);
      await collection.putMany([special]);
      expect(ids(await collection.find({ filter: { folded: { contains: "(x)" } }, ...newest }))).toEqual([
        "special",
      ]);
    });

    it("anyOf: the filter and at least one of the alternatives", async () => {
      const { collection, all } = await filled();

      const found = await collection.find({
        filter: { stage: { ne: "won" } },
        anyOf: [{ folded: { contains: "acme3" } }, { ownerId: "u-2", vip: true }],
        ...everything,
      });

      expect(ids(found)).toEqual(
        matching(
          all,
          (lead) =>
            lead.stage !== "won" && (lead.folded.includes("acme3") || (lead.ownerId === "u-2" && lead.vip)),
        ),
      );
    });

    it("sorts by several keys in mixed directions, ties broken by _id ascending", async () => {
      const { collection, all } = await filled();

      const sorted = await collection.find({
        sort: [
          ["stage", "desc"],
          ["createdAt", "asc"],
        ],
        limit: 25,
      });

      const expected = [...all]
        .sort((a, b) => compare(b.stage, a.stage) || a.createdAt - b.createdAt || compare(a._id, b._id))
        .slice(0, 25);
      expect(ids(sorted)).toEqual(ids(expected));
      expect(sorted[0]).toEqual(expected[0]);
    });

    it("pages by keyset, one document at a time, through every match exactly once in order", async () => {
      const { collection, all } = await filled();
      const query = { filter: { ownerId: { ne: "u-1" } }, sort: [["createdAt", "desc"]], limit: 1 } as const;

      const pages = await pageThrough(collection, query);

      expect(pages.every((page) => page.length === 1)).toBe(true);
      expect(ids(pages.flat())).toEqual(ids(all.filter((lead) => lead.ownerId !== "u-1").sort(newestFirst)));
    });

    it("pages of seven by a two-key order through a nested field cover the order without overlap", async () => {
      const { collection, all } = await filled();
      const sort = [
        ["actor.id", "asc"],
        ["value", "desc"],
      ] as const;

      const pages = await pageThrough(collection, { sort, limit: 7 });

      expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
      const expected = [...all].sort(
        (a, b) => compare(a.actor.id, b.actor.id) || b.value - a.value || compare(a._id, b._id),
      );
      expect(ids(pages.flat())).toEqual(ids(expected));
    });

    it("a keyset page is unmoved by documents written before it in the order, and finds those after", async () => {
      const { collection, all } = await filled();
      const sort = [["createdAt", "desc"]] as const;
      const first = await collection.find({ sort, limit: 10 });
      const after = keysetOf(first.at(-1) as Lead, sort);

      await collection.putMany([
        { ...all[0], _id: "newest", createdAt: 9_999 } as Lead,
        { ...all[0], _id: "oldest", createdAt: 1 } as Lead,
      ]);
      const rest = (await collection.find({ sort, after, limit: 1_000 })).map((lead) => lead._id);

      expect(rest).not.toContain("newest");
      expect(rest.at(-1)).toBe("oldest");
      expect(rest.slice(0, -1)).toEqual(ids([...all].sort(newestFirst).slice(10)));
    });

    it("everyMatch streams every match in order across many pages", async () => {
      const { collection, all } = await filled();
      const streamed: string[] = [];

      for await (const lead of everyMatch(
        collection,
        { filter: { stage: "lead" }, sort: [["createdAt", "desc"]] },
        4,
      ))
        streamed.push(lead._id);

      expect(streamed).toEqual(ids(all.filter((lead) => lead.stage === "lead").sort(newestFirst)));
    });

    it("declaring the same indexes again, on the same or another handle, changes no answer", async () => {
      const { store } = opened();
      const name = uniqueCollection();
      const all = leads();
      await store.collection<Lead>(name, { indexes: INDEXES }).putMany(all);

      const again = store.collection<Lead>(name, { indexes: [...INDEXES, [["value", "desc"]]] });
      const plain = store.collection<Lead>(name);

      const query = { filter: { stage: "qualified" }, sort: [["createdAt", "desc"]], limit: 1_000 } as const;
      const expected = ids(all.filter((lead) => lead.stage === "qualified").sort(newestFirst));
      expect(ids(await again.find(query))).toEqual(expected);
      expect(ids(await plain.find(query))).toEqual(expected);
    });

    it("refuses a query without a positive whole limit, or a keyset that does not fit the order", async () => {
      const { collection } = await filled();

      await expect(collection.find({ limit: 0 })).rejects.toThrow(/limit/);
      await expect(collection.find({ limit: 1.5 })).rejects.toThrow(/limit/);
      await expect(
        collection.find({ sort: [["createdAt", "desc"]], after: [1_000], limit: 1 }),
      ).rejects.toThrow(/keyset/);
      await expect(collection.find({ filter: { "name; DROP": "x" }, limit: 1 })).rejects.toThrow(
        /field path/,
      );
    });
  });
};
