import { describe, expect, it } from "vitest";
import {
  byId,
  type CustomerCard,
  customerCard,
  type OpenReadStore,
  uniqueCollection,
  uniqueSubscriber,
  useOpenedStore,
} from "./contractFixtures.ts";

export const durabilityContract = (open: OpenReadStore): void => {
  describe("durability", () => {
    const opened = useOpenedStore(open);

    it("keeps documents and checkpoints after the store is closed and opened again", async (context) => {
      const { store, reopen } = opened();
      if (reopen === undefined) return context.skip("this adapter cannot reopen its storage");
      const name = uniqueCollection();
      const [subscriber, reset] = [uniqueSubscriber(), uniqueSubscriber()];
      const documents = [customerCard("c-1", { name: "张伟", tags: ["重要", "华东"] }), customerCard("c-2")];
      await store.collection<CustomerCard>(name).putMany(documents);
      await store.checkpoints.store(subscriber, 2n ** 60n + 3n);
      await store.checkpoints.store(reset, 5n);
      await store.resetCheckpoint(reset);

      const reopened = await reopen();

      const customers = reopened.collection<CustomerCard>(name);
      expect(byId(await customers.all())).toEqual(documents);
      expect(await customers.count()).toBe(2);
      expect((await customers.getMany(["c-1"])).get("c-1")).toEqual(documents[0]);
      expect(await reopened.checkpoints.read(subscriber)).toBe(2n ** 60n + 3n);
      expect(await reopened.checkpoints.read(reset)).toBeUndefined();
    });
  });
};
