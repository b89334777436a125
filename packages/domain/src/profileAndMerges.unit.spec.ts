import { describe, it } from "vitest";
import type { CustomerCommand } from "./commands.ts";
import { DomainError } from "./errors.ts";
import type { CustomerEvent } from "./events.ts";
import { januaryDay, leadCreated as leadOf } from "./testing/customerEvents.ts";
import { givenCustomer } from "./testing/deciderSpecification.ts";

// Contract 9.1 (profile changes) and 9.2 (merges, dismissed pairs), as the decider sees them.

const given = givenCustomer;

const customerId = "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01";
const otherId = "5a2b3c4d-1e2f-4a5b-8c7d-9e0f1a2b3c4d";
const thirdId = "0c1e4a5b-2f1d-4b8e-9d9c-3e6a2b1f0d11";
const at = januaryDay;

const leadCreated = leadOf(customerId, { company: "北京移动", tags: ["vip"] });

const mergedInto = (survivorId: string, day: number): CustomerEvent => ({
  type: "MergedInto",
  occurredAt: at(day),
  data: { schemaVersion: 1, customerId: survivorId },
});

const rejectedWith = (code: string, details?: Record<string, unknown>) => (error: unknown) =>
  error instanceof DomainError &&
  error.code === code &&
  (details === undefined || JSON.stringify(error.details) === JSON.stringify(details));

const command = (body: object) => ({ occurredAt: at(3), ...body }) as CustomerCommand;

describe("changing a customer's profile", () => {
  it("records only the fields whose value changes, each with from and to", () =>
    given([leadCreated])
      .when(command({ type: "UpdateProfile", name: "Ada Wong", phone: "+86 138 0013 8000", region: "华北" }))
      .then([
        {
          type: "ProfileUpdated",
          occurredAt: at(3),
          data: {
            schemaVersion: 1,
            changes: {
              phone: { from: null, to: "+86 138 0013 8000" },
              region: { from: null, to: "华北" },
            },
          },
        },
      ]));

  it("clears a field given as null, tags to none", () =>
    given([leadCreated])
      .when(command({ type: "UpdateProfile", email: null, tags: null }))
      .then([
        {
          type: "ProfileUpdated",
          occurredAt: at(3),
          data: {
            schemaVersion: 1,
            changes: { email: { from: "ada@acme.example", to: null }, tags: { from: ["vip"], to: [] } },
          },
        },
      ]));

  it("records nothing when nothing changes", () =>
    given([leadCreated])
      .when(command({ type: "UpdateProfile", company: "北京移动", tags: ["vip"] }))
      .thenNothingHappened());

  it("folds the change into the profile a later change compares with", () =>
    given([
      leadCreated,
      {
        type: "ProfileUpdated",
        occurredAt: at(2),
        data: { schemaVersion: 1, changes: { email: { from: "ada@acme.example", to: "ada@b.example" } } },
      },
    ])
      .when(command({ type: "UpdateProfile", email: "ada@b.example" }))
      .thenNothingHappened());

  it("refuses a change dated before the customer's latest event", () =>
    given([leadCreated])
      .when({ type: "UpdateProfile", name: "Ada", occurredAt: "2025-12-31T00:00:00.000Z" })
      .thenThrows(rejectedWith("out_of_order")));
});

describe("merging duplicates", () => {
  it("records the absorbed duplicate on the survivor, with the note", () =>
    given([leadCreated])
      .when(command({ type: "MergeCustomer", duplicateId: otherId, note: "same company" }))
      .then([
        {
          type: "CustomerMerged",
          occurredAt: at(3),
          data: { schemaVersion: 1, duplicateId: otherId, note: "same company" },
        },
      ]));

  it("records MergedInto on the duplicate", () =>
    given([leadCreated])
      .when(command({ type: "MarkMergedInto", survivorId: otherId }))
      .then([mergedInto(otherId, 3)]));

  it("refuses to merge a customer with itself", () =>
    given([leadCreated])
      .when(command({ type: "MergeCustomer", duplicateId: customerId }))
      .thenThrows(rejectedWith("invalid_transition")));

  it("records nothing when the survivor already absorbed that duplicate (completing a merge)", () =>
    given([
      leadCreated,
      {
        type: "CustomerMerged",
        occurredAt: at(2),
        data: { schemaVersion: 1, duplicateId: otherId, note: null },
      },
    ])
      .when(command({ type: "MergeCustomer", duplicateId: otherId }))
      .thenNothingHappened());

  it("records nothing when the duplicate is already merged into that survivor", () =>
    given([leadCreated, mergedInto(otherId, 2)])
      .when(command({ type: "MarkMergedInto", survivorId: otherId }))
      .thenNothingHappened());

  it("refuses to merge a duplicate already merged into another customer", () =>
    given([leadCreated, mergedInto(otherId, 2)])
      .when(command({ type: "MarkMergedInto", survivorId: thirdId }))
      .thenThrows(rejectedWith("invalid_transition", { mergedInto: otherId })));

  it("refuses a merged customer as a survivor", () =>
    given([leadCreated, mergedInto(otherId, 2)])
      .when(command({ type: "MergeCustomer", duplicateId: thirdId }))
      .thenThrows(rejectedWith("invalid_transition", { mergedInto: otherId })));

  it.each([
    { type: "UpdateProfile", name: "Ada" },
    { type: "AdvanceStage", stage: "qualified" },
    { type: "LogInteraction", interactionId: thirdId, channel: "call", direction: "inbound", summary: "hi" },
    { type: "AssignOwner", ownerId: "rep-1" },
    { type: "DismissDuplicate", candidateId: thirdId },
    { type: "CreditReferral", referredCustomerId: thirdId },
  ])("refuses $type on a merged duplicate with 422 merged naming the survivor", (body) =>
    given([leadCreated, mergedInto(otherId, 2)])
      .when(command(body))
      .thenThrows(rejectedWith("merged", { mergedInto: otherId })),
  );
});

describe("dismissing a suspected duplicate", () => {
  it("records the candidate judged not to be a duplicate", () =>
    given([leadCreated])
      .when(command({ type: "DismissDuplicate", candidateId: otherId }))
      .then([
        { type: "DuplicateDismissed", occurredAt: at(3), data: { schemaVersion: 1, candidateId: otherId } },
      ]));

  it("records nothing the second time", () =>
    given([
      leadCreated,
      { type: "DuplicateDismissed", occurredAt: at(2), data: { schemaVersion: 1, candidateId: otherId } },
    ])
      .when(command({ type: "DismissDuplicate", candidateId: otherId }))
      .thenNothingHappened());

  it("refuses a customer paired with itself", () =>
    given([leadCreated])
      .when(command({ type: "DismissDuplicate", candidateId: customerId }))
      .thenThrows(rejectedWith("invalid_transition")));
});
