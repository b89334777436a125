import { inProcessCustomerEventBus } from "@crm/event-bus";
import type { CustomerEventMessage } from "@crm/event-contracts";
import { inMemoryCheckpoints, inMemoryEventStore } from "@crm/event-store";
import { checkpointsWithOutages, withOutages } from "@crm/event-store/testing";
import { seededRandom } from "@crm/testing";
import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it, vi } from "vitest";
import { startRelay } from "./relay.ts";
import { startCustomerTraffic } from "./testing/customerTraffic.ts";

// The relay runs on the shared subscriber runtime: whatever fails (the event store, its
// subscription, the checkpoint store, the bus), it starts again from its checkpoint, so every
// customer event reaches the bus, at least once, in each customer's order.

const until = { timeout: 8_000, interval: 20 };

const setUp = () => {
  const events = withOutages(inMemoryEventStore());
  const checkpoints = checkpointsWithOutages(inMemoryCheckpoints());
  const bus = inProcessCustomerEventBus();
  const received: CustomerEventMessage[] = [];
  const errors: unknown[] = [];
  return { events, checkpoints, bus, received, errors };
};

/** Every customer event recorded, as (customerId, revision) keys, and what reached the bus. */
const delivered = async (events: ReturnType<typeof withOutages>, received: CustomerEventMessage[]) => {
  const recorded: string[] = [];
  for await (const event of events.eventStore.readAll({ streamPrefix: "crm-customer-" }))
    recorded.push(`${event.streamName.slice("crm-customer-".length)}@${event.revision}`);
  const seen = new Set(received.map((message) => `${message.customerId}@${message.revision}`));
  return { recorded, missing: recorded.filter((key) => !seen.has(key)) };
};

describe("the relay under faults", () => {
  const started = stopAfterEach();

  it("given traffic, when the subscription drops and the checkpoint store is down for a while, then every event still reaches the bus", async () => {
    const { events, checkpoints, bus, received, errors } = setUp();
    await bus.consume("test", async (messages) => void received.push(...messages));
    const before = startCustomerTraffic(events.eventStore, { random: seededRandom(3) });
    await before.reached(30);
    await before.stop();
    const relay = started(
      startRelay({
        eventStore: events.eventStore,
        bus,
        checkpoints: checkpoints.checkpoints,
        onError: (error) => errors.push(error),
      }),
    );
    await relay.caughtUp;

    checkpoints.goDown();
    events.goDown(new Error("subscription dropped"));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(1), until);
    events.comeBack();
    checkpoints.comeBack();
    const after = startCustomerTraffic(events.eventStore, { random: seededRandom(4) });
    await after.reached(30);
    await after.stop();

    await vi.waitFor(async () => expect((await delivered(events, received)).missing).toEqual([]), until);
    expect((await delivered(events, received)).recorded.length).toBeGreaterThanOrEqual(60);
  });
});
