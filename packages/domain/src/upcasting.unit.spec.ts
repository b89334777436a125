import { describe, expect, it } from "vitest";
import { toRecordedCustomerEvent } from "./customerStream.ts";
import { eventDataSchemas } from "./events.ts";
import { storedFixture } from "./testing/storedFixture.ts";
import { upcastEventData } from "./upcasting.ts";

// InteractionLogged v1 -> v2: stored v1 events (fixtures written by earlier builds) read as v2.

const interactionsOf = (fixture: string) =>
  storedFixture(fixture)
    .map((stored) => toRecordedCustomerEvent(stored))
    .filter((event) => event?.type === "InteractionLogged")
    .map((event) => event?.data);

describe("upcasting stored events", () => {
  it("given stored v1 interactions with department and outcome, when read, then they are v2 and keep both", () => {
    expect(interactionsOf("interactionLoggedV1.stored.json")).toEqual([
      {
        schemaVersion: 2,
        interactionId: "2268d1f1-7187-4622-8beb-ab6397123fb0",
        channel: "call",
        direction: "outbound",
        department: "sales",
        summary: "首次电话沟通，介绍产品方案",
        outcome: null,
        durationSeconds: 420,
      },
      {
        schemaVersion: 2,
        interactionId: "b96cfd49-8c99-4488-9f9b-cd73ad6d7eab",
        channel: "email",
        direction: "inbound",
        department: "service",
        summary: "Asked for the installation guide",
        outcome: "positive",
        durationSeconds: null,
      },
    ]);
  });

  it("given stored v1 interactions without department and outcome, when read, then they default to sales and null", () => {
    expect(interactionsOf("interactionLoggedV1WithoutOutcome.stored.json")).toEqual([
      expect.objectContaining({ schemaVersion: 2, department: "sales", outcome: null, durationSeconds: 420 }),
      expect.objectContaining({ schemaVersion: 2, department: "sales", outcome: null, channel: "email" }),
    ]);
  });

  it("given a stored v1 event, when read, then the stored data itself is left as it was (its hash covers it)", () => {
    const [, call] = storedFixture("interactionLoggedV1WithoutOutcome.stored.json");
    const before = structuredClone(call?.data);

    toRecordedCustomerEvent(call as NonNullable<typeof call>);

    expect(call?.data).toEqual(before);
  });

  it("given data already at the current version, when upcast, then it is unchanged", () => {
    const current = {
      schemaVersion: 2,
      interactionId: "2268d1f1-7187-4622-8beb-ab6397123fb0",
      channel: "chat",
      direction: "inbound",
      department: "marketing",
      summary: "Asked about the webinar",
      outcome: "neutral",
      durationSeconds: null,
    };

    expect(upcastEventData("InteractionLogged", current)).toBe(current);
    expect(eventDataSchemas.InteractionLogged.parse(current)).toEqual(current);
  });

  it("given event types that never changed, when read, then their v1 data passes as it is", () => {
    const [leadCreated] = storedFixture("interactionLoggedV1.stored.json");

    expect(toRecordedCustomerEvent(leadCreated as NonNullable<typeof leadCreated>)?.data).toEqual(
      leadCreated?.data,
    );
  });
});
