import { setTimeout as sleep } from "node:timers/promises";
import {
  AppendOutcomeUnknownError,
  type EventStore,
  EventStoreUnavailableError,
  ForeignPositionError,
  type RecordedEvent,
  StreamDeletedError,
} from "@crm/event-store";
import { collect, newEvent, newEvents } from "@crm/event-store/contract";
import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openEventStoreDbStore } from "./esdbEventStore.ts";
import { type StandInServer, startStandInServer } from "./testing/standIn/standInServer.ts";

const until = { timeout: 5_000, interval: 10 };

// What a real server does that a happy path never shows, played by the stand-in server through the
// real client (docs/eventstoredb-adapter.md): each case is a gap a review of the adapter found.
describe("EventStoreDB adapter under the faults of a real server", () => {
  let server: StandInServer;
  let store: EventStore;
  beforeEach(async () => {
    server = await startStandInServer();
    store = openEventStoreDbStore({ connectionString: server.connectionString });
  });
  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  describe("a server that cannot take a write now", () => {
    it("answers a batch append refused as 'Server Is Not Ready' as unavailable, and the retry lands", async () => {
      server.failAppendsWith({ kind: "not_ready" });

      await expect(
        store.append("crm-customer-1", [newEvent()], { expectedRevision: "no_stream" }),
      ).rejects.toThrow(EventStoreUnavailableError);
      await expect(
        store.append("crm-customer-1", [newEvent()], { expectedRevision: "no_stream" }),
      ).resolves.toMatchObject({
        nextExpectedRevision: 0,
      });
    });

    it("answers a read during a leader election ('No leader info', status Unknown) as unavailable", async () => {
      server.failReadsWith(status.UNKNOWN, "No leader info available");

      await expect(store.readStream("crm-customer-1")).rejects.toThrow(EventStoreUnavailableError);
    });

    it("does not take a message over the size limit for a busy server: retrying would never succeed", async () => {
      server.failAppendsWith({ kind: "too_large" });

      const refused = store.append("crm-customer-1", [newEvent()], { expectedRevision: "any" });

      await expect(refused).rejects.toThrow();
      await expect(refused).rejects.not.toBeInstanceOf(EventStoreUnavailableError);
    });
  });

  describe("an append that timed out", () => {
    it.each(["no_stream", "any"] as const)(
      "reports the append as done when the server stored it all the same (expecting %s), once",
      async (expectedRevision) => {
        server.failAppendsWith({ kind: "timeout", written: true });
        const events = newEvents(2);

        const result = await store.append("crm-customer-2", events, { expectedRevision });

        const stored = await store.readStream("crm-customer-2");
        expect(stored.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
        expect(result).toEqual({ nextExpectedRevision: 1, position: stored[1]?.position });
      },
    );

    it("sends the same events again when the server had not stored them, and they land once", async () => {
      server.failAppendsWith({ kind: "timeout", written: false });
      const events = newEvents(2);

      const result = await store.append("crm-customer-3", events, { expectedRevision: "no_stream" });

      const stored = await store.readStream("crm-customer-3");
      expect(stored.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
      expect(result.nextExpectedRevision).toBe(1);
    });

    it("says the outcome is unknown, not that nothing was written, when the retry times out too", async () => {
      server.failAppendsWith({ kind: "timeout", written: false }, { kind: "timeout", written: true });
      const events = newEvents(1);

      await expect(store.append("crm-customer-4", events, { expectedRevision: "no_stream" })).rejects.toThrow(
        AppendOutcomeUnknownError,
      );
      // It was stored after all; a caller's retry with the same ids is answered with the first result.
      await expect(
        store.append("crm-customer-4", events, { expectedRevision: "no_stream" }),
      ).resolves.toMatchObject({
        nextExpectedRevision: 0,
      });
      expect(await store.readStream("crm-customer-4")).toHaveLength(1);
    });
  });

  it("resubscribes from the last event handled when the server drops it as too slow: no gap, no repeat, no error", async () => {
    const seen: RecordedEvent[] = [];
    const onError = vi.fn();
    const subscription = store.subscribeToAll((event) => void seen.push(event), { onError });
    for (let index = 0; index < 5; index += 1) server.record("crm-customer-5");
    await vi.waitFor(() => expect(seen).toHaveLength(5), until);

    server.endSubscriptions("too_slow");
    for (let index = 0; index < 5; index += 1) server.record("crm-customer-5");

    await vi.waitFor(() => expect(seen).toHaveLength(10), until);
    await sleep(100);
    expect(seen.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(onError).not.toHaveBeenCalled();
    await subscription.stop();
  });

  it("refuses events whose position the server reports as unknown (2^64-1): the adapter needs 22.10", async () => {
    server.record("crm-customer-6");
    server.reportUnknownPositions(true);

    await expect(store.readStream("crm-customer-6")).rejects.toThrow(/22\.10/);
  });

  it("keeps one store's appends going while another store on the same server closes", async () => {
    const other = openEventStoreDbStore({ connectionString: server.connectionString });
    await other.append("crm-customer-7", [newEvent()], { expectedRevision: "no_stream" });
    await store.append("crm-customer-8", [newEvent()], { expectedRevision: "no_stream" });
    server.delayAppends(200);

    const inFlight = store.append("crm-customer-8", [newEvent()], { expectedRevision: 0 });
    await sleep(50);
    await other.close();

    await expect(inFlight).resolves.toMatchObject({ nextExpectedRevision: 1 });
  });

  describe("a stream deleted in the server", () => {
    it("is reported as deleted when read, not as the client's raw error", async () => {
      server.record("crm-customer-9");
      server.tombstone("crm-customer-9");

      await expect(store.readStream("crm-customer-9")).rejects.toThrow(StreamDeletedError);
    });

    it("refuses an append as deleted, not as a revision conflict", async () => {
      server.record("crm-customer-10");
      server.tombstone("crm-customer-10");

      await expect(
        store.append("crm-customer-10", [newEvent()], { expectedRevision: "any" }),
      ).rejects.toThrow(StreamDeletedError);
    });
  });

  describe("a checkpoint that belongs to another store", () => {
    it("is refused by readAll when no event starts there (a SQLite store's position)", async () => {
      const event = server.record("crm-customer-11");

      await expect(collect(store.readAll({ after: event.position + 1n }))).rejects.toThrow(
        ForeignPositionError,
      );
    });

    it("is reported by a subscription when it lies past the end of the store (a restored backup)", async () => {
      const event = server.record("crm-customer-12");
      const onError = vi.fn();

      store.subscribeToAll(() => {}, { after: event.position + 1_000_000n, onError });

      await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(expect.any(ForeignPositionError)), until);
    });

    it("is taken when it is one of this store's positions", async () => {
      const first = server.record("crm-customer-13");
      server.record("crm-customer-13");

      expect(
        await collect(store.readAll({ after: first.position, streamPrefix: "crm-customer-13" })),
      ).toHaveLength(1);
    });
  });
});
