import { describe, expect, it } from "vitest";
import { type OpenReadStore, uniqueSubscriber, useOpenedStore } from "./contractFixtures.ts";

// Positions past Number.MAX_SAFE_INTEGER: some event stores' positions do not fit a JS
// number, and a store that went through one would round them silently.
const PAST_2_53 = 2n ** 53n + 1n;
const LARGEST_INT64 = 2n ** 63n - 1n;

export const checkpointsContract = (open: OpenReadStore): void => {
  describe("checkpoints", () => {
    const opened = useOpenedStore(open);

    it("reads nothing for a subscriber that never stored one", async () => {
      const { store } = opened();

      expect(await store.checkpoints.read(uniqueSubscriber())).toBeUndefined();
    });

    it("reads back the position last stored, including 0", async () => {
      const { checkpoints } = opened().store;
      const subscriber = uniqueSubscriber();

      await checkpoints.store(subscriber, 0n);
      expect(await checkpoints.read(subscriber)).toBe(0n);

      await checkpoints.store(subscriber, 41n);
      await checkpoints.store(subscriber, 42n);
      expect(await checkpoints.read(subscriber)).toBe(42n);
    });

    it.each([
      ["2^53 + 1", PAST_2_53],
      ["2^63 - 1", LARGEST_INT64],
      ["2^64 + 7", 2n ** 64n + 7n],
    ])("keeps a position of %s exactly", async (_, position) => {
      const { checkpoints } = opened().store;
      const subscriber = uniqueSubscriber();

      await checkpoints.store(subscriber, position);

      expect(await checkpoints.read(subscriber)).toBe(position);
    });

    it("keeps each subscriber's checkpoint apart", async () => {
      const { checkpoints } = opened().store;
      const [projector, relay] = [uniqueSubscriber(), uniqueSubscriber()];

      await checkpoints.store(projector, 10n);
      await checkpoints.store(relay, PAST_2_53);

      expect(await checkpoints.read(projector)).toBe(10n);
      expect(await checkpoints.read(relay)).toBe(PAST_2_53);
    });

    it("resetCheckpoint forgets one subscriber's position, so it starts over", async () => {
      const { store } = opened();
      const [rebuilt, kept] = [uniqueSubscriber(), uniqueSubscriber()];
      await store.checkpoints.store(rebuilt, LARGEST_INT64);
      await store.checkpoints.store(kept, 7n);

      await store.resetCheckpoint(rebuilt);

      expect(await store.checkpoints.read(rebuilt)).toBeUndefined();
      expect(await store.checkpoints.read(kept)).toBe(7n);
      await store.checkpoints.store(rebuilt, 1n);
      expect(await store.checkpoints.read(rebuilt)).toBe(1n);
    });

    it("resetting a subscriber that never stored a checkpoint is harmless", async () => {
      const { store } = opened();
      const subscriber = uniqueSubscriber();

      await store.resetCheckpoint(subscriber);

      expect(await store.checkpoints.read(subscriber)).toBeUndefined();
    });
  });
};
