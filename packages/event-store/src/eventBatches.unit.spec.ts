import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { startEventBatches } from "./eventBatches.ts";
import type { RecordedEvent } from "./eventStore.ts";
import { inMemoryCheckpoints } from "./inMemoryCheckpoints.ts";
import { inMemoryEventStore } from "./inMemoryEventStore.ts";

// The subscriber runtime's restart policy, on the in-memory store: a failure is told with the
// wait before the restart, waits grow while starts keep failing, and begin again at the first
// wait once a start has worked. Nothing is skipped: the checkpoint only moves after a batch.

const until = { timeout: 8_000, interval: 10 };
const event = () => ({ eventId: randomUUID(), type: "SomethingHappened", data: {}, metadata: {} });

const setUp = async (events: number) => {
  const eventStore = inMemoryEventStore();
  for (let n = 0; n < events; n++)
    await eventStore.append(`crm-customer-${n}`, [event()], { expectedRevision: "no_stream" });
  const checkpoints = inMemoryCheckpoints();
  /** The waits the runtime told, in order. */
  const told: number[] = [];
  const start = (
    handle: (batch: RecordedEvent[]) => Promise<void>,
    batchSize: number,
    more: Pick<Parameters<typeof startEventBatches>[0], "checkpointEvery" | "deferred"> = {},
  ) =>
    startEventBatches({
      name: "test",
      eventStore,
      checkpoints,
      streamPrefix: "crm-customer-",
      batchSize,
      handle,
      ...more,
      onError: (_error, retryInMs) => told.push(retryInMs),
    });
  return { eventStore, checkpoints, told, start };
};

describe("startEventBatches", () => {
  it("given a handler that fails twice, when it runs, then the waits grow, nothing is skipped and the checkpoint follows", async () => {
    const { checkpoints, told, start } = await setUp(5);
    const handled: RecordedEvent[] = [];
    let failures = 0;
    const batches = start(async (batch) => {
      if (handled.length === 2 && failures < 2) {
        failures += 1;
        throw new Error("read store down");
      }
      handled.push(...batch);
    }, 2);

    await batches.caughtUp;
    await batches.stop();

    expect(told).toEqual([250, 500]);
    expect(handled.map((recorded) => recorded.position)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await checkpoints.read("test")).toBe(5n);
  });

  it("given a start that worked, when the next failure comes, then the wait begins again at the first", async () => {
    const { eventStore, told, start } = await setUp(1);
    let failNext = 0;
    const batches = start(async () => {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error("handler failed");
      }
    }, 10);
    await batches.caughtUp;

    failNext = 2;
    await eventStore.append("crm-customer-a", [event()], { expectedRevision: "no_stream" });
    await vi.waitFor(() => expect(batches.position()).toBe(2n), until);
    failNext = 1;
    await eventStore.append("crm-customer-b", [event()], { expectedRevision: "no_stream" });
    await vi.waitFor(() => expect(batches.position()).toBe(3n), until);
    await batches.stop();

    expect(told).toEqual([250, 500, 250]);
  });

  it("given checkpoints every 3 events, when batches of 2 are handled, then the checkpoint is stored only once 3 have passed, and at the stop", async () => {
    const { checkpoints, start } = await setUp(5);
    const stored: Array<bigint | undefined> = [];
    const batches = start(
      async () => {
        stored.push(await checkpoints.read("test"));
      },
      2,
      { checkpointEvery: 3 },
    );
    await batches.caughtUp;

    // Before batch 1 nothing, before batch 2 nothing (2 < 3), before batch 3 position 4 (4 >= 3).
    expect(stored).toEqual([undefined, undefined, 4n]);
    expect(batches.position()).toBe(5n);
    expect(await checkpoints.read("test")).toBe(4n);
    await batches.stop();
    expect(await checkpoints.read("test")).toBe(5n);
  });

  it("given a subscriber that defers its writes, when it catches up, then the checkpoint and position move only at its settles", async () => {
    const { eventStore, checkpoints, start } = await setUp(10);
    const seen: Array<{ handled: number; position: bigint | undefined }> = [];
    const settles: Array<{ handled: number; checkpoint: bigint | undefined }> = [];
    let handled = 0;
    const batches = start(
      async (batch) => {
        seen.push({ handled, position: batches.position() });
        handled += batch.length;
      },
      2,
      {
        deferred: {
          every: 6,
          settle: async () => {
            settles.push({ handled, checkpoint: await checkpoints.read("test") });
          },
        },
      },
    );
    await batches.caughtUp;

    // Settled once 6 were pending, then at the live edge with the 4 left; never ahead of a settle.
    expect(settles).toEqual([
      { handled: 6, checkpoint: undefined },
      { handled: 10, checkpoint: 6n },
    ]);
    expect(seen.map((s) => s.position)).toEqual([undefined, undefined, undefined, 6n, 6n]);
    expect(batches.position()).toBe(10n);
    expect(await checkpoints.read("test")).toBe(10n);

    // Live events arrive in batches shorter than batchSize: each is settled at once.
    await eventStore.append("crm-customer-live", [event()], { expectedRevision: "no_stream" });
    await vi.waitFor(() => expect(batches.position()).toBe(11n), until);
    expect(settles.at(-1)).toEqual({ handled: 11, checkpoint: 10n });
    await batches.stop();
  });

  it("given a subscriber stopped while work is pending, when it stops, then that work is settled and checkpointed", async () => {
    const { checkpoints, start } = await setUp(6);
    let settled = 0;
    let handled = 0;
    let stopping: Promise<void> | undefined;
    const batches = start(
      async (batch) => {
        handled += batch.length;
        // Stopped in the middle of a catch-up, after the second batch.
        if (handled === 4) stopping = batches.stop();
      },
      2,
      {
        deferred: {
          every: 100,
          settle: async () => {
            settled = handled;
          },
        },
      },
    );
    await vi.waitFor(() => expect(stopping).toBeDefined(), until);
    await stopping;

    expect(settled).toBe(4);
    expect(await checkpoints.read("test")).toBe(4n);
  });

  it("given a store that never comes back, when stopped, then it stops at once", async () => {
    const { eventStore } = await setUp(1);
    const batches = startEventBatches({
      name: "test",
      eventStore,
      checkpoints: {
        read: async () => {
          throw new Error("read store down");
        },
        store: async () => undefined,
      },
      streamPrefix: "crm-customer-",
      batchSize: 10,
      handle: async () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = Date.now();
    await batches.stop();
    expect(Date.now() - started).toBeLessThan(200);
  });
});
