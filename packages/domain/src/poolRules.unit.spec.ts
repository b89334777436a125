import { describe, expect, it } from "vitest";
import type { CustomerCommand } from "./commands.ts";
import { evolveCustomer, initialCustomerState } from "./customerState.ts";
import { decideCustomer } from "./decide.ts";
import { DomainError } from "./errors.ts";
import type { CustomerEvent, EventData } from "./events.ts";
import { januaryDay, leadCreated } from "./testing/customerEvents.ts";
import { givenCustomer } from "./testing/deciderSpecification.ts";
import { upcastEventData } from "./upcasting.ts";

// Contract 9.3: claim, release, the sales hand-over rule and the idle-return rule.

const given = givenCustomer;
const at = januaryDay;
const customerId = "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01";

const created = (ownerId: string | null): CustomerEvent =>
  leadCreated(customerId, { company: null, email: null, expectedValue: null, ownerId });

const owner = (
  data: Omit<EventData<"OwnerAssigned">, "schemaVersion" | "note"> & { note?: string | null },
  day: number,
): CustomerEvent => ({
  type: "OwnerAssigned",
  occurredAt: at(day),
  data: { schemaVersion: 2, note: null, ...data },
});

const interaction = (day: number): CustomerEvent => ({
  type: "InteractionLogged",
  occurredAt: at(day),
  data: {
    schemaVersion: 2,
    interactionId: "0c1e4a5b-2f1d-4b8e-9d9c-3e6a2b1f0d11",
    channel: "call",
    direction: "outbound",
    department: "sales",
    summary: "call",
    outcome: null,
    durationSeconds: null,
  },
});

const rejectedWith = (code: string) => (error: unknown) =>
  error instanceof DomainError && error.code === code;
const returnIdle = (day: number): CustomerCommand => ({
  type: "ReturnIdleCustomer",
  idleDays: 30,
  occurredAt: at(day),
});

describe("the shared pool", () => {
  it("given a customer in the pool, when a rep claims it, then the rep owns it (reason claimed)", () =>
    given([created(null)])
      .when({ type: "ClaimCustomer", claimantId: "rep-1", occurredAt: at(2) })
      .then([owner({ ownerId: "rep-1", previousOwnerId: null, reason: "claimed" }, 2)]));

  it("given an owned customer, when another rep claims it, then 409 already_owned names the owner", () => {
    let thrown: unknown;
    try {
      decideCustomer(
        { type: "ClaimCustomer", claimantId: "rep-2", occurredAt: at(2) },
        [created("rep-1")].reduce(evolveCustomer, initialCustomerState()),
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "already_owned", status: 409, details: { ownerId: "rep-1" } });
  });

  it("given an owned customer, when its owner releases it with a note, then it is back in the pool", () =>
    given([created("rep-1")])
      .when({
        type: "ReleaseCustomer",
        requestedBy: { actorId: "rep-1", mayReassignAny: false },
        note: "moved abroad",
        occurredAt: at(3),
      })
      .then([
        owner({ ownerId: null, previousOwnerId: "rep-1", reason: "released", note: "moved abroad" }, 3),
      ]));

  it("given an owned customer, when another rep releases it, then it is forbidden; an admin may", () => {
    const release = (mayReassignAny: boolean): CustomerCommand => ({
      type: "ReleaseCustomer",
      requestedBy: { actorId: "rep-2", mayReassignAny },
      note: null,
      occurredAt: at(3),
    });
    given([created("rep-1")])
      .when(release(false))
      .thenThrows(rejectedWith("forbidden"));
    given([created("rep-1")])
      .when(release(true))
      .then([owner({ ownerId: null, previousOwnerId: "rep-1", reason: "released" }, 3)]);
  });

  it("given a customer in the pool, when it is released, then invalid_transition", () =>
    given([created(null)])
      .when({
        type: "ReleaseCustomer",
        requestedBy: { actorId: "a", mayReassignAny: true },
        note: null,
        occurredAt: at(2),
      })
      .thenThrows(rejectedWith("invalid_transition")));

  it("given a customer owned by another rep, when sales hands it over, then forbidden; own or pool customers may be handed over", () => {
    const handOver = {
      type: "AssignOwner",
      ownerId: "rep-3",
      requestedBy: { actorId: "rep-2", mayReassignAny: false },
      occurredAt: at(2),
    } as const;
    given([created("rep-1")])
      .when(handOver)
      .thenThrows(rejectedWith("forbidden"));
    given([created("rep-2")])
      .when(handOver)
      .then([owner({ ownerId: "rep-3", previousOwnerId: "rep-2", reason: "assigned" }, 2)]);
    given([created(null)])
      .when(handOver)
      .then([owner({ ownerId: "rep-3", previousOwnerId: null, reason: "assigned" }, 2)]);
  });
});

describe("the idle-return rule", () => {
  it("given an owner idle for 30 days, then the customer returns to the pool (reason idle)", () =>
    given([created("rep-1"), interaction(5)])
      .when(returnIdle(35))
      .then([owner({ ownerId: null, previousOwnerId: "rep-1", reason: "idle" }, 35)]));

  it("given activity 29 days ago, then nothing is returned", () =>
    given([created("rep-1"), interaction(7)])
      .when(returnIdle(35))
      .thenNothingHappened());

  it("given a customer already returned, when the rule looks again, then it records nothing (once per idle period)", () =>
    given([created("rep-1"), owner({ ownerId: null, previousOwnerId: "rep-1", reason: "idle" }, 35)])
      .when(returnIdle(36))
      .thenNothingHappened());

  it("given a claim 10 days ago after a long silence, then the new owner is not idle", () =>
    given([created(null), owner({ ownerId: "rep-2", previousOwnerId: null, reason: "claimed" }, 40)])
      .when(returnIdle(50))
      .thenNothingHappened());

  it("given a won customer, then the rule leaves it with its owner", () =>
    given([
      created("rep-1"),
      {
        type: "StageAdvanced",
        occurredAt: at(2),
        data: {
          schemaVersion: 1,
          from: "lead",
          to: "won",
          amount: 10,
          lostReason: null,
          lostNote: null,
          expectedValue: null,
          note: null,
        },
      },
    ])
      .when(returnIdle(90))
      .thenNothingHappened());

  it("given a back-dated call logged today, then the idle period is not moved back", () =>
    given([created("rep-1"), interaction(20), interaction(3)])
      .when(returnIdle(45))
      .thenNothingHappened());
});

describe("OwnerAssigned v1", () => {
  it("reads as v2 with reason assigned and no note", () =>
    expect(
      upcastEventData("OwnerAssigned", { schemaVersion: 1, ownerId: "rep-1", previousOwnerId: null }),
    ).toEqual({
      schemaVersion: 2,
      ownerId: "rep-1",
      previousOwnerId: null,
      reason: "assigned",
      note: null,
    }));
});
