import { describe, it } from "vitest";
import { evolveCustomer, initialCustomerState } from "./customerState.ts";
import { decideCustomer } from "./decide.ts";
import { DomainError } from "./errors.ts";
import type { CustomerEvent } from "./events.ts";
import { deciderSpecification } from "./testing/deciderSpecification.ts";

// Contract 9.4: schedule a follow-up, complete it once.

const given = deciderSpecification({
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomerState,
});
const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
const followUpId = "3f1e4a5b-2f1d-4b8e-9d9c-3e6a2b1f0d11";

const created: CustomerEvent = {
  type: "LeadCreated",
  occurredAt: at(1),
  data: {
    schemaVersion: 1,
    customerId: "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01",
    name: "Ada Wong",
    company: null,
    email: null,
    phone: null,
    source: "web",
    region: null,
    industry: null,
    companySize: null,
    tags: [],
    ownerId: null,
    expectedValue: null,
    referredBy: null,
  },
};
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
