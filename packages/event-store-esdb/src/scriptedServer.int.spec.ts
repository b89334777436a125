import { setTimeout as sleep } from "node:timers/promises";
import { type EventStore, EventStoreUnavailableError, type RecordedEvent } from "@crm/event-store";
import { collect } from "@crm/event-store/contract";
import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openEventStoreDbStore } from "./esdbEventStore.ts";
import { PAGE_SIZE } from "./readAllEvents.ts";
import { streamNameRegex } from "./streamFilter.ts";
import {
  type StandInServer as ScriptedServer,
  startStandInServer as startScriptedStreamsServer,
} from "./testing/standIn/standInServer.ts";

const until = { timeout: 5_000, interval: 10 };
const streams = (events: RecordedEvent[]) => events.map((event) => `${event.streamName}@${event.revision}`);

// Needs no EventStoreDB: the real client, over real gRPC, against a scripted Streams.Read (see
// testing/scriptedStreamsServer.ts). What the server does with the requests is the contract
// suite's business; here: what the adapter asks for, and how it handles the client's streams.
describe("EventStoreDB event store, through the client, against a scripted server", () => {
  let server: ScriptedServer;
  let store: EventStore;
  beforeEach(async () => {
    server = await startScriptedStreamsServer();
    store = openEventStoreDbStore({ connectionString: server.connectionString });
  });
  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  it("reads a stream, and reads a missing one as empty", async () => {
    server.record("crm-customer-1");
    server.record("crm-customer-2");
    server.record("crm-customer-1");

    expect(streams(await store.readStream("crm-customer-1"))).toEqual([
      "crm-customer-1@0",
      "crm-customer-1@1",
    ]);
    expect(await store.readStream("crm-customer-9")).toEqual([]);
  });

  it("reads $all with the filter on the server, paged, strictly after `after`", async () => {
    const first = server.record("crm-customer-1");
    server.record("$ce-crm", "$>");
    server.record("other-1");
    for (let index = 0; index < PAGE_SIZE + 10; index += 1) server.record(`crm-customer-${index % 3}`);

    const read = await collect(store.readAll({ after: first.position, streamPrefix: "crm-" }));

    expect(read).toHaveLength(PAGE_SIZE + 10);
    expect(
      read.every((event) => event.streamName.startsWith("crm-") && event.position > first.position),
    ).toBe(true);
    // Besides the two pages: the reads that check `after` is a position of this store.
    const pages = server.requests
      .map((request) => request.toObject().options)
      .filter((options) => options?.count === String(PAGE_SIZE));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatchObject({
      all: { position: { commitPosition: String(first.position) } },
      count: String(PAGE_SIZE),
      filter: { streamIdentifier: { regex: streamNameRegex("crm-") } },
    });
    // The next page starts at the last event read, which the first page's skipped `after` made read[PAGE_SIZE - 2].
    expect(pages[1]?.all?.position?.commitPosition).toBe(String(read[PAGE_SIZE - 2]?.position));
  });

  it("reports a server that answers UNAVAILABLE as EventStoreUnavailableError", async () => {
    server.failReadsWith(status.UNAVAILABLE);

    await expect(store.readStream("crm-customer-1")).rejects.toThrow(EventStoreUnavailableError);
    await expect(collect(store.readAll())).rejects.toThrow(EventStoreUnavailableError);
  });

  it("delivers history, says caught up, then live events from where the history ended", async () => {
    server.record("crm-customer-1");
    server.record("other-1");
    const lastOfAll = server.record("$stats-node", "$statsCollected");
    const received: RecordedEvent[] = [];
    const caughtUpAfter: number[] = [];

    const subscription = store.subscribeToAll((event) => void received.push(event), {
      streamPrefix: "crm-",
      onCaughtUp: () => caughtUpAfter.push(received.length),
    });
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(1), until);
    server.record("crm-customer-1");
    server.record("other-2");
    server.record("crm-customer-2");
    await vi.waitFor(() => expect(received).toHaveLength(3), until);
    await subscription.stop();

    expect(caughtUpAfter).toEqual([1]);
    expect(streams(received)).toEqual(["crm-customer-1@0", "crm-customer-1@1", "crm-customer-2@0"]);
    // The live call starts at the end of $all as it was, not at $all's beginning.
    const live = server.requests.at(-1)?.toObject().options;
    expect(live?.subscription).toBeDefined();
    expect(live?.all?.position?.commitPosition).toBe(String(lastOfAll.position));
    expect(live?.filter?.streamIdentifier?.regex).toBe(streamNameRegex("crm-"));
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(0), until);
  });

  it("stop() waits for the live event in hand, cancels the call, and delivers nothing after", async () => {
    const received: RecordedEvent[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const subscription = store.subscribeToAll(async (event) => {
      started = true;
      await released;
      received.push(event);
    });
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(1), until);
    server.record("crm-customer-1");
    server.record("crm-customer-1");
    await vi.waitFor(() => expect(started).toBe(true), until);

    let stopped = false;
    const stopping = subscription.stop().then(() => {
      stopped = true;
    });
    await sleep(50);
    expect(stopped).toBe(false);
    release();
    await stopping;
    server.record("crm-customer-1");
    await sleep(100);

    expect(received).toHaveLength(1);
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(0), until);
  });

  it("reports a live handler failure to onError once, stops, and cancels the call", async () => {
    const failure = new Error("projection failed");
    const errors: unknown[] = [];
    store.subscribeToAll(
      () => {
        throw failure;
      },
      { onError: (error) => errors.push(error) },
    );
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(1), until);
    server.record("crm-customer-1");
    server.record("crm-customer-1");

    await vi.waitFor(() => expect(errors).toEqual([failure]), until);
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(0), until);
    await sleep(100);
    expect(errors).toEqual([failure]);
  });

  it("reports a subscription the server ends as EventStoreUnavailableError", async () => {
    const errors: unknown[] = [];
    store.subscribeToAll(() => {}, { onError: (error) => errors.push(error) });
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(1), until);

    server.endSubscriptions();

    await vi.waitFor(() => expect(errors).toHaveLength(1), until);
    expect(errors[0]).toBeInstanceOf(EventStoreUnavailableError);
  });

  it("close() stops live subscriptions without reporting them as failed", async () => {
    const errors: unknown[] = [];
    store.subscribeToAll(() => {}, { onError: (error) => errors.push(error) });
    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(1), until);

    await store.close();

    await vi.waitFor(() => expect(server.openSubscriptions()).toBe(0), until);
    expect(errors).toEqual([]);
  });
});
