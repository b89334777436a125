import { randomUUID } from "node:crypto";
import { type RecordedEvent, WrongExpectedRevisionError } from "@crm/event-store";
import { newEvents } from "@crm/event-store/contract";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openSqliteEventStore } from "./sqliteEventStore.ts";
import { openTemporaryStore } from "./temporaryStore.ts";

// Two stores on one file stand for two processes: they share nothing but the file and its locks.
describe("sqlite event store, shared with another process", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const twoStores = async (pollIntervalMs: number) => {
    const first = await openTemporaryStore({ pollIntervalMs });
    cleanups.push(first.dispose);
    const second = openSqliteEventStore({ path: first.path });
    cleanups.push(() => second.close());
    return { first: first.store, second };
  };

  it("checks expectations against the other process's writes", async () => {
    const { first, second } = await twoStores(1_000);
    const stream = `crm-customer-${randomUUID()}`;
    await first.append(stream, newEvents(2), { expectedRevision: "no_stream" });

    const refused = second.append(stream, newEvents(1), { expectedRevision: "no_stream" });

    await expect(refused).rejects.toThrow(WrongExpectedRevisionError);
    await expect(refused).rejects.toMatchObject({ actual: 1 });
    await second.append(stream, newEvents(1), { expectedRevision: 1 });
    expect((await first.readStream(stream)).map((event) => event.revision)).toEqual([0, 1, 2]);
  });

  it("delivers the other process's commits to a live subscription, by the slow poll", async () => {
    const { first, second } = await twoStores(50);
    const prefix = `crm-customer-${randomUUID()}`;
    const received: RecordedEvent[] = [];
    let caughtUp = false;
    const subscription = first.subscribeToAll((event) => void received.push(event), {
      streamPrefix: prefix,
      onCaughtUp: () => {
        caughtUp = true;
      },
    });
    await vi.waitFor(() => expect(caughtUp).toBe(true));

    const batch = newEvents(3);
    await second.append(prefix, batch, { expectedRevision: "no_stream" });

    await vi.waitFor(() =>
      expect(received.map((event) => event.eventId)).toEqual(batch.map((e) => e.eventId)),
    );
    await subscription.stop();
  });
});
