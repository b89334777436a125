import { describe, expect, it } from "vitest";
import type { DocumentCollection } from "../readStore.ts";
import {
  byId,
  type CustomerCard,
  customerCard,
  type OpenReadStore,
  uniqueCollection,
  useOpenedStore,
} from "./contractFixtures.ts";

// A reader keeps a collection's documents and follows what is written after (changesSince):
// whatever the writes, what it holds must be what all() reads.

const WRITERS = 6;
const WRITES_EACH = 8;

/** Puts the changed documents in place of the kept ones, as a reader does. */
const patched = (kept: Map<string, CustomerCard>, documents: readonly CustomerCard[]) => {
  for (const document of documents) kept.set(document._id, document);
  return kept;
};

const followed = async (customers: DocumentCollection<CustomerCard>, mark: string) => {
  const changes = await customers.changesSince(mark);
  if (!changes) throw new Error(`changesSince(${mark}) could not tell`);
  return changes;
};

export const changesContract = (open: OpenReadStore): void => {
  describe("changes since a mark", () => {
    const opened = useOpenedStore(open);

    it("changesSince gives the documents written after the mark, each as last written, and a mark to go on from", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany([customerCard("c-1"), customerCard("c-2")]);
      const first = await customers.changeMark();

      expect(await followed(customers, first)).toMatchObject({ documents: [] });

      await customers.putMany([customerCard("c-2", { revision: 1 }), customerCard("c-3")]);
      await customers.putMany([customerCard("c-2", { revision: 2 })]);
      const second = await followed(customers, first);

      expect(byId(second.documents)).toEqual([customerCard("c-2", { revision: 2 }), customerCard("c-3")]);
      expect((await followed(customers, second.mark)).documents).toEqual([]);

      await customers.putMany([customerCard("c-1", { stage: "customer" })]);
      expect((await followed(customers, second.mark)).documents).toEqual([
        customerCard("c-1", { stage: "customer" }),
      ]);
    });

    it("changesSince a mark from before a clear cannot tell (the reader reads all again)", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany([customerCard("c-1")]);
      const before = await customers.changeMark();

      await customers.clear();
      await customers.putMany([customerCard("c-2")]);

      expect(await customers.changesSince(before)).toBeUndefined();
      const after = await customers.changeMark();
      await customers.putMany([customerCard("c-3")]);
      expect((await followed(customers, after)).documents).toEqual([customerCard("c-3")]);
    });

    it("changesSince of a mark the store never gave cannot tell", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      await customers.putMany([customerCard("c-1")]);

      expect(await customers.changesSince("not a mark")).toBeUndefined();
    });

    it("a reader following changes while writers write at the same time ends holding what all() reads", async () => {
      const customers = opened().store.collection<CustomerCard>(uniqueCollection());
      const kept = new Map<string, CustomerCard>();
      let mark = await customers.changeMark();
      patched(kept, await customers.all());
      let writing = true;
      const writers = Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          for (let write = 0; write < WRITES_EACH; write++)
            await customers.putMany([
              customerCard(`c-${writer}`, { revision: write }),
              customerCard(`c-${(writer + 1) % WRITERS}-${write}`, { revision: writer }),
            ]);
        }),
      ).finally(() => {
        writing = false;
      });
      while (writing) {
        const changes = await followed(customers, mark);
        patched(kept, changes.documents);
        mark = changes.mark;
      }
      await writers;
      patched(kept, (await followed(customers, mark)).documents);

      expect(byId([...kept.values()])).toEqual(byId(await customers.all()));
      expect(kept.size).toBe(WRITERS + WRITERS * WRITES_EACH);
    });
  });
};
