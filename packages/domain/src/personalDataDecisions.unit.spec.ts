import { describe, expect, it } from "vitest";
import { evolveCustomer, initialCustomerState } from "./customerState.ts";
import { decideCustomer } from "./decide.ts";
import { DomainError } from "./errors.ts";
import type { CustomerEvent } from "./events.ts";
import { januaryDay as at, leadCreated as leadOf } from "./testing/customerEvents.ts";
import { deciderSpecification } from "./testing/deciderSpecification.ts";

// Contract section 10: consent decisions and erasure, decided on the customer's history.

const given = deciderSpecification({
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomerState,
});
const customerId = "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01";

const leadCreated = leadOf(customerId, { company: null, expectedValue: null });
const consent = (purpose: "marketing_email" | "profiling", granted: boolean, day: number): CustomerEvent => ({
  type: "ConsentRecorded",
  occurredAt: at(day),
  data: { schemaVersion: 1, purpose, granted, source: "web form" },
});
const erased: CustomerEvent = {
  type: "PersonalDataErased",
  occurredAt: at(5),
  data: { schemaVersion: 1, reason: "data subject request #7" },
};

describe("consent decisions", () => {
  it("given a lead, when consent is recorded, then ConsentRecorded with the source or null", () => {
    given([leadCreated])
      .when({ type: "RecordConsent", purpose: "profiling", granted: false, occurredAt: at(2) })
      .then([
        {
          type: "ConsentRecorded",
          occurredAt: at(2),
          data: { schemaVersion: 1, purpose: "profiling", granted: false, source: null },
        },
      ]);
  });

  it("given a grant then a withdrawal, then the state holds the latest decision per purpose", () => {
    const state = [
      leadCreated,
      consent("marketing_email", true, 2),
      consent("marketing_email", false, 3),
    ].reduce(evolveCustomer, initialCustomerState());

    expect(state?.consents).toEqual({
      marketing_email: { granted: false, source: "web form", occurredAt: at(3) },
      marketing_phone: null,
      profiling: null,
    });
  });
});

describe("erasure", () => {
  it("given a lead, when erased, then PersonalDataErased with the reason", () => {
    given([leadCreated])
      .when({ type: "EraseCustomer", reason: "data subject request #7", occurredAt: at(5) })
      .then([erased]);
  });

  it.each([
    { type: "EraseCustomer", reason: "again", occurredAt: at(6) },
    { type: "RecordConsent", purpose: "profiling", granted: true, occurredAt: at(6) },
    { type: "AssignOwner", ownerId: "sales-1", occurredAt: at(6) },
    { type: "CreditReferral", referredCustomerId: customerId, occurredAt: at(6) },
  ] as const)("given an erased customer, when $type, then 422 erased", (command) => {
    given([leadCreated, erased])
      .when(command)
      .thenThrows((error) => error instanceof DomainError && error.code === "erased" && error.status === 422);
  });
});
