import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import type { RecordedEvent } from "../eventStore.ts";
import {
  collect,
  deferred,
  newEvents,
  type OpenEventStore,
  strictlyIncreasing,
  uniquePrefix,
  useOpenedStore,
} from "./contractFixtures.ts";

const until = { timeout: 10_000, interval: 10 };
// How long a stopped subscription is given to (wrongly) deliver something after a new append.
const QUIET_MS = 300;

const ids = (events: RecordedEvent[]): string[] => events.map((event) => event.eventId);

export const subscriptionContract = (open: OpenEventStore): void => {
  describe("subscribeToAll", () => {
    const opened = useOpenedStore(open);

    it("delivers the history, says it caught up once, then delivers live events, all in order", async () => {
      const { store } = opened();
      const prefix = uniquePrefix();
      await store.append(`${prefix}a`, newEvents(2), { expectedRevision: "no_stream" });
      await store.append(`${prefix}b`, newEvents(1), { expectedRevision: "no_stream" });
      const received: RecordedEvent[] = [];
      const caughtUpAfter: number[] = [];

      const subscription = store.subscribeToAll((event) => void received.push(event), {
        streamPrefix: prefix,
        onCaughtUp: () => caughtUpAfter.push(received.length),
      });
      await vi.waitFor(() => expect(caughtUpAfter).toEqual([3]), until);
      await store.append(`${prefix}b`, newEvents(1), { expectedRevision: 0 });
      await store.append(`${prefix}a`, newEvents(1), { expectedRevision: 1 });
      await vi.waitFor(() => expect(received).toHaveLength(5), until);
      await subscription.stop();

      expect(ids(received)).toEqual(ids(await collect(store.readAll({ streamPrefix: prefix }))));
      expect(caughtUpAfter).toEqual([3]);
    });

    it("says it caught up when there is no history", async () => {
      const { store } = opened();
      let caughtUp = 0;
      const subscription = store.subscribeToAll(() => {}, {
        streamPrefix: uniquePrefix(),
        onCaughtUp: () => {
          caughtUp += 1;
        },
      });
      await vi.waitFor(() => expect(caughtUp).toBe(1), until);
      await subscription.stop();
    });

    it("awaits the handler before delivering the next event", async () => {
      const { store } = opened();
      const prefix = uniquePrefix();
      await store.append(`${prefix}a`, newEvents(3), { expectedRevision: "no_stream" });
      const received: RecordedEvent[] = [];
      let handling = 0;
      let mostAtOnce = 0;

      const subscription = store.subscribeToAll(
        async (event) => {
          handling += 1;
          mostAtOnce = Math.max(mostAtOnce, handling);
          await sleep(5);
          received.push(event);
          handling -= 1;
        },
        { streamPrefix: prefix },
      );
      await Promise.all([
        store.append(`${prefix}a`, newEvents(2), { expectedRevision: 2 }),
        store.append(`${prefix}b`, newEvents(2), { expectedRevision: "no_stream" }),
      ]);
      await vi.waitFor(() => expect(received).toHaveLength(7), until);
      await subscription.stop();

      expect(mostAtOnce).toBe(1);
      expect(received.map((event) => event.position)).toSatisfy(strictlyIncreasing);
      expect(ids(received)).toEqual(ids(await collect(store.readAll({ streamPrefix: prefix }))));
    });

    it("resumes strictly after the given position", async () => {
      const { store } = opened();
      const prefix = uniquePrefix();
      await store.append(`${prefix}a`, newEvents(4), { expectedRevision: "no_stream" });
      const history = await store.readStream(`${prefix}a`);
      const received: RecordedEvent[] = [];
      let caughtUp = false;

      const subscription = store.subscribeToAll((event) => void received.push(event), {
        streamPrefix: prefix,
        after: history[1]!.position,
        onCaughtUp: () => {
          caughtUp = true;
        },
      });
      await vi.waitFor(() => expect(caughtUp).toBe(true), until);
      await subscription.stop();

      expect(ids(received)).toEqual(ids(history.slice(2)));
    });

    it("stops: stop() waits for the event being handled, and nothing is delivered afterwards", async () => {
      const { store } = opened();
      const prefix = uniquePrefix();
      await store.append(`${prefix}a`, newEvents(3), { expectedRevision: "no_stream" });
      const received: RecordedEvent[] = [];
      const handlerStarted = deferred();
      const releaseHandler = deferred();
      const subscription = store.subscribeToAll(
        async (event) => {
          handlerStarted.resolve();
          await releaseHandler.promise;
          received.push(event);
        },
        { streamPrefix: prefix },
      );
      await handlerStarted.promise;

      let stopped = false;
      const stopping = subscription.stop().then(() => {
        stopped = true;
      });
      await sleep(50);
      expect(stopped).toBe(false);
      releaseHandler.resolve();
      await stopping;
      await store.append(`${prefix}a`, newEvents(2), { expectedRevision: 2 });
      await sleep(QUIET_MS);

      expect(received).toHaveLength(1);
    });

    it("reports a throwing handler to onError and stops", async () => {
      const { store } = opened();
      const prefix = uniquePrefix();
      await store.append(`${prefix}a`, newEvents(3), { expectedRevision: "no_stream" });
      const failure = new Error("projection failed");
      const handled: RecordedEvent[] = [];
      const errors: unknown[] = [];

      const subscription = store.subscribeToAll(
        (event) => {
          handled.push(event);
          if (handled.length === 2) throw failure;
        },
        { streamPrefix: prefix, onError: (error) => errors.push(error) },
      );
      await vi.waitFor(() => expect(errors).toHaveLength(1), until);
      await store.append(`${prefix}a`, newEvents(1), { expectedRevision: 2 });
      await sleep(QUIET_MS);
      await subscription.stop();

      expect(errors).toEqual([failure]);
      expect(handled).toHaveLength(2);
    });
  });
};
