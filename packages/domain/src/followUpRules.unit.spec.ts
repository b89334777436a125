import { describe, it } from "vitest";
import { DomainError } from "./errors.ts";
import type { CustomerEvent } from "./events.ts";
import { januaryDay, leadCreated } from "./testing/customerEvents.ts";
import { givenCustomer } from "./testing/deciderSpecification.ts";

// Contract 9.4: schedule a follow-up, complete it once.

const given = givenCustomer;
const at = januaryDay;
const followUpId = "3f1e4a5b-2f1d-4b8e-9d9c-3e6a2b1f0d11";

const created = leadCreated("7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01", {
  company: null,
  email: null,
  expectedValue: null,
});
const scheduled: CustomerEvent = {
  type: "FollowUpScheduled",
  occurredAt: at(2),
  data: {
    schemaVersion: 1,
    followUpId,
    title: "Send the quote",
    dueAt: at(5),
    assigneeId: "service-1",
    note: null,
  },
};
const completed: CustomerEvent = {
  type: "FollowUpCompleted",
  occurredAt: at(4),
  data: { schemaVersion: 1, followUpId, outcome: "positive", note: "sent" },
};
const complete = {
  type: "CompleteFollowUp",
  followUpId,
  outcome: "positive",
  note: "sent",
  occurredAt: at(4),
} as const;
const rejectedWith = (code: string) => (error: unknown) =>
  error instanceof DomainError && error.code === code;

describe("follow-ups", () => {
  it("given a customer, when a follow-up is booked for a colleague, then FollowUpScheduled", () =>
    given([created])
      .when({
        type: "ScheduleFollowUp",
        followUpId,
        title: "Send the quote",
        dueAt: at(5),
        assigneeId: "service-1",
        note: null,
        occurredAt: at(2),
      })
      .then([scheduled]));

  it("given an open follow-up, when completed, then FollowUpCompleted", () =>
    given([created, scheduled]).when(complete).then([completed]));

  it("given a completed follow-up, when completed again, then invalid_transition", () =>
    given([created, scheduled, completed]).when(complete).thenThrows(rejectedWith("invalid_transition")));

  it("given no such follow-up, when completed, then not_found", () =>
    given([created]).when(complete).thenThrows(rejectedWith("not_found")));
});
