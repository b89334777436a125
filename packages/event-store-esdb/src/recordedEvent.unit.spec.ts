import type { AllStreamResolvedEvent, ResolvedEvent } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { fromResolvedEvent, isSystemEvent, toEventData } from "./recordedEvent.ts";

// What the client hands back for a JSON event it read, as its convertGrpcEvent builds it.
const resolvedJson = (overrides: Record<string, unknown> = {}): AllStreamResolvedEvent =>
  ({
    event: {
      streamId: "crm-customer-7",
      id: "4b2f0c3e-9a8d-4c1e-b6f5-2d7e8a9c0b1d",
      isJson: true,
      revision: 3n,
      type: "客户已创建",
      created: new Date(0),
      data: { name: "李娜", tags: ["VIP"] },
      metadata: { correlationId: "c-1" },
      position: { commit: 9_000_000_000n, prepare: 9_000_000_000n },
      ...overrides,
    },
    commitPosition: 9_000_000_000n,
  }) as AllStreamResolvedEvent;

describe("toEventData", () => {
  it("writes our event as JSON under our own event id", () => {
    const eventId = "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

    expect(toEventData({ eventId, type: "T", data: { a: 1 }, metadata: { actor: "u-1" } })).toEqual({
      id: eventId,
      contentType: "application/json",
      type: "T",
      data: { a: 1 },
      metadata: { actor: "u-1" },
    });
  });

  it("writes missing data as null, which JSON can carry", () => {
    expect(toEventData({ eventId: "x", type: "T", data: undefined, metadata: {} }).data).toBeNull();
  });
});

describe("fromResolvedEvent", () => {
  it("maps a read event to ours: revision as a number, position as the commit position", () => {
    expect(fromResolvedEvent(resolvedJson())).toEqual({
      streamName: "crm-customer-7",
      revision: 3,
      position: 9_000_000_000n,
      eventId: "4b2f0c3e-9a8d-4c1e-b6f5-2d7e8a9c0b1d",
      type: "客户已创建",
      data: { name: "李娜", tags: ["VIP"] },
      metadata: { correlationId: "c-1" },
    });
  });

  it("falls back on the record's commit position when the event has none (a stream read)", () => {
    const resolved = resolvedJson({ position: undefined }) as ResolvedEvent;
    expect(fromResolvedEvent(resolved).position).toBe(9_000_000_000n);
  });

  it("refuses an event with no position at all, which only servers before 22.10 send", () => {
    const resolved = { event: resolvedJson({ position: undefined }).event } as ResolvedEvent;
    expect(() => fromResolvedEvent(resolved)).toThrow(/22\.10/);
  });

  it.each([undefined, new Uint8Array([1, 2]), ["not", "an", "object"]])(
    "reads metadata that is not a JSON object (%s) as empty",
    (metadata) => {
      expect(fromResolvedEvent(resolvedJson({ metadata })).metadata).toEqual({});
    },
  );
});

describe("isSystemEvent", () => {
  const event = fromResolvedEvent(resolvedJson());

  it.each([
    { streamName: "crm-customer-7", type: "$streamDeleted", system: true },
    { streamName: "crm-customer-7", type: "$>", system: true },
    { streamName: "$ce-crm", type: "CustomerCreated", system: true },
    { streamName: "crm-customer-7", type: "Customer$Renamed", system: false },
  ])("is $system for a $type event in $streamName", ({ streamName, type, system }) => {
    expect(isSystemEvent({ ...event, streamName, type })).toBe(system);
  });
});
