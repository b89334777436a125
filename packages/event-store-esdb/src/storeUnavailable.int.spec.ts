import { EventStoreUnavailableError } from "@crm/event-store";
import { collect, newEvents } from "@crm/event-store/contract";
import { unusedPort } from "@crm/test-servers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openEventStoreDbStore } from "./esdbEventStore.ts";

// Needs no server: the real client against a port that refuses connections. A down server must
// reach callers as EventStoreUnavailableError (a 503 upstream), never as a raw gRPC error.
describe("EventStoreDB event store, when the server cannot be reached", () => {
  const closeAfter: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closeAfter.splice(0)) await close();
  });
  const openUnreachable = async () => {
    const store = openEventStoreDbStore({
      connectionString: `esdb://127.0.0.1:${await unusedPort()}?tls=false`,
    });
    closeAfter.push(() => store.close());
    return store;
  };

  it("refuses appends and reads with EventStoreUnavailableError", async () => {
    const store = await openUnreachable();

    await expect(store.append("crm-customer-1", newEvents(1), { expectedRevision: "any" })).rejects.toThrow(
      EventStoreUnavailableError,
    );
    await expect(store.readStream("crm-customer-1")).rejects.toThrow(EventStoreUnavailableError);
    await expect(collect(store.readAll({ streamPrefix: "crm-" }))).rejects.toThrow(
      EventStoreUnavailableError,
    );
  });

  it("tells a subscription's onError, once, and stops", async () => {
    const store = await openUnreachable();
    const errors: unknown[] = [];
    const handled: unknown[] = [];

    const subscription = store.subscribeToAll((event) => void handled.push(event), {
      onError: (error) => errors.push(error),
    });
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 10_000 });
    await subscription.stop();

    expect(errors[0]).toBeInstanceOf(EventStoreUnavailableError);
    expect(handled).toEqual([]);
  });

  it("refuses every operation after close(), before touching the network", async () => {
    const store = await openUnreachable();
    await store.close();

    await expect(store.append("s", newEvents(1), { expectedRevision: "any" })).rejects.toThrow(
      EventStoreUnavailableError,
    );
    await expect(store.readStream("s")).rejects.toThrow(EventStoreUnavailableError);
    await expect(collect(store.readAll())).rejects.toThrow(EventStoreUnavailableError);
    expect(() => store.subscribeToAll(() => {})).toThrow(EventStoreUnavailableError);
    await store.close();
  });

  it("refuses an empty append as a caller's mistake, not an outage", async () => {
    const store = await openUnreachable();

    await expect(store.append("s", [], { expectedRevision: "any" })).rejects.toThrow(RangeError);
  });
});
