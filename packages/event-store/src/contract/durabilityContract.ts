import { describe, expect, it } from "vitest";
import {
  collect,
  newEvent,
  newEvents,
  type OpenEventStore,
  uniquePrefix,
  useOpenedStore,
} from "./contractFixtures.ts";

export const durabilityContract = (open: OpenEventStore): void => {
  describe("durability", () => {
    const opened = useOpenedStore(open);

    it("returns everything written after the store is closed and opened again", async (context) => {
      const { store, reopen } = opened();
      if (reopen === undefined) return context.skip("this adapter cannot reopen its storage");
      const prefix = uniquePrefix();
      await store.append(`${prefix}a`, newEvents(3), { expectedRevision: "no_stream" });
      const last = await store.append(`${prefix}b`, [newEvent("客户已创建", { name: "李娜" })], {
        expectedRevision: "no_stream",
      });
      const before = await collect(store.readAll({ streamPrefix: prefix }));

      const reopened = await reopen();

      expect(await collect(reopened.readAll({ streamPrefix: prefix }))).toEqual(before);
      expect(await reopened.readStream(`${prefix}a`)).toEqual(before.slice(0, 3));
      // The reopened store continues the same log: revisions go on, positions keep growing.
      const next = await reopened.append(`${prefix}a`, [newEvent()], { expectedRevision: 2 });
      expect(next.nextExpectedRevision).toBe(3);
      expect(next.position).toBeGreaterThan(last.position);
    });
  });
};
