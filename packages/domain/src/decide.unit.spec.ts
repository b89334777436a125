import { describe, it } from "vitest";
import type { CustomerCommand } from "./commands.ts";
import { DomainError } from "./errors.ts";
import type { CustomerEvent, EventData } from "./events.ts";
import { complaintFiled, leadCreated as leadOf, stageAdvanced } from "./testing/customerEvents.ts";
import { givenCustomer } from "./testing/deciderSpecification.ts";

const given = givenCustomer;

const customerId = "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01";
const complaintId = "0c1e4a5b-2f1d-4b8e-9d9c-3e6a2b1f0d11";
const referredId = "5a2b3c4d-1e2f-4a5b-8c7d-9e0f1a2b3c4d";
const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();

const leadCreated = (overrides: Partial<EventData<"LeadCreated">> = {}) => leadOf(customerId, overrides);
const moved = stageAdvanced;

const advance = (stage: string, day: number, extra: object = {}) =>
  ({ type: "AdvanceStage", stage, occurredAt: at(day), ...extra }) as CustomerCommand;

const rejectedWith = (code: string) => (error: unknown) =>
  error instanceof DomainError && error.code === code;

describe("customer decider", () => {
  describe("creating a lead", () => {
    it("records the lead with every optional fact as null", () =>
      given([])
        .when({
          type: "CreateLead",
          customerId,
          referrerExists: false,
          name: "Ada Wong",
          company: "Acme Ltd",
          email: "ada@acme.example",
          source: "web",
          expectedValue: 1000,
          occurredAt: at(1),
        })
        .then([leadCreated()]));

    it("rejects a referrer that does not exist", () =>
      given([])
        .when({
          type: "CreateLead",
          customerId,
          referrerExists: false,
          referredBy: referredId,
          name: "Ada",
          source: "referral",
          occurredAt: at(1),
        })
        .thenThrows(rejectedWith("unknown_referrer")));

    it("rejects a second lead under the same id", () =>
      given([leadCreated()])
        .when({
          type: "CreateLead",
          customerId,
          referrerExists: false,
          name: "Ada",
          source: "web",
          occurredAt: at(2),
        })
        .thenThrows(rejectedWith("conflict")));
  });

  describe("moving through the funnel", () => {
    it("skips stages in one recorded move", () =>
      given([leadCreated()])
        .when(advance("negotiation", 2, { expectedValue: 5000 }))
        .then([moved("lead", "negotiation", 2, { expectedValue: 5000 })]));

    it("wins with the first order's amount", () =>
      given([leadCreated(), moved("lead", "proposal", 2)])
        .when(advance("won", 3, { amount: 1200 }))
        .then([moved("proposal", "won", 3, { amount: 1200 })]));

    it.each([
      ["lead", "lead"],
      ["qualified", "lead"],
      ["won", "proposal"],
      ["lost", "proposal"],
      ["lost", "won"],
    ])("rejects a move from %s to %s", (from, to) => {
      const history: CustomerEvent[] = [leadCreated()];
      if (from === "won") history.push(moved("lead", "won", 2, { amount: 10 }));
      else if (from === "lost") history.push(moved("lead", "lost", 2, { lostReason: "price" }));
      else if (from !== "lead") history.push(moved("lead", from, 2));
      const extra = to === "won" ? { amount: 10 } : {};
      given(history)
        .when(advance(to, 5, extra))
        .thenThrows(rejectedWith("invalid_transition"));
    });

    it("loses a won customer (churn) and reopens a lost one as a win-back", () => {
      given([leadCreated(), moved("lead", "won", 2, { amount: 10 })])
        .when(advance("lost", 3, { lostReason: "competitor" }))
        .then([moved("won", "lost", 3, { lostReason: "competitor" })]);
      given([leadCreated(), moved("lead", "lost", 2, { lostReason: "price" })])
        .when(advance("qualified", 3))
        .then([moved("lost", "qualified", 3)]);
    });

    it("rejects a move dated before the customer's latest event", () =>
      given([leadCreated(), moved("lead", "qualified", 5)])
        .when(advance("proposal", 4))
        .thenThrows(rejectedWith("out_of_order")));

    it("needs an existing customer", () =>
      given([]).when(advance("qualified", 2)).thenThrows(rejectedWith("not_found")));
  });

  describe("interactions", () => {
    const call = (day: number) =>
      ({
        type: "LogInteraction",
        interactionId: "11111111-1111-4111-8111-111111111111",
        channel: "call",
        direction: "outbound",
        summary: "Intro call",
        occurredAt: at(day),
      }) as CustomerCommand;

    it("may be back-dated behind later events, defaulting to the sales department", () =>
      given([leadCreated(), moved("lead", "qualified", 5)])
        .when(call(3))
        .then([
          {
            type: "InteractionLogged",
            occurredAt: at(3),
            data: {
              schemaVersion: 2,
              interactionId: "11111111-1111-4111-8111-111111111111",
              channel: "call",
              direction: "outbound",
              department: "sales",
              summary: "Intro call",
              outcome: null,
              durationSeconds: null,
            },
          },
        ]));

    it("may not be dated before the lead was created", () =>
      given([{ ...leadCreated(), occurredAt: at(2) }])
        .when(call(1))
        .thenThrows(rejectedWith("out_of_order")));
  });

  describe("complaints: acknowledge, then resolve, once", () => {
    const filed = complaintFiled(complaintId, 2);
    const acknowledged: CustomerEvent = {
      type: "ComplaintAcknowledged",
      occurredAt: at(3),
      data: { schemaVersion: 1, complaintId, apologized: true, note: null },
    };
    const resolve = {
      type: "ResolveComplaint",
      complaintId,
      resolution: "refund",
      occurredAt: at(4),
    } as const;

    it("cannot be resolved before it is acknowledged", () =>
      given([leadCreated(), filed]).when(resolve).thenThrows(rejectedWith("invalid_transition")));

    it("is resolved after acknowledgement, with its compensation", () =>
      given([leadCreated(), filed, acknowledged])
        .when({ ...resolve, compensation: 50 })
        .then([
          {
            type: "ComplaintResolved",
            occurredAt: at(4),
            data: {
              schemaVersion: 1,
              complaintId,
              resolution: "refund",
              compensation: 50,
              preventiveAction: null,
            },
          },
        ]));

    it("is not resolved twice", () => {
      const resolved: CustomerEvent = {
        type: "ComplaintResolved",
        occurredAt: at(4),
        data: { schemaVersion: 1, complaintId, resolution: "r", compensation: null, preventiveAction: null },
      };
      given([leadCreated(), filed, acknowledged, resolved])
        .when({ ...resolve, occurredAt: at(5) })
        .thenThrows(rejectedWith("invalid_transition"));
    });

    it("is not found under an unknown id", () =>
      given([leadCreated()])
        .when({ type: "AcknowledgeComplaint", complaintId, occurredAt: at(2) })
        .thenThrows(rejectedWith("not_found")));
  });

  describe("purchases", () => {
    const won = moved("lead", "won", 2, { amount: 10 });
    const purchase = { type: "RecordPurchase", orderId: "A-1", amount: 99.5, occurredAt: at(3) } as const;

    it("need a won customer", () =>
      given([leadCreated()]).when(purchase).thenThrows(rejectedWith("not_a_customer")));

    it("are recorded once per orderId", () => {
      const recorded: CustomerEvent = {
        type: "PurchaseRecorded",
        occurredAt: at(3),
        data: { schemaVersion: 1, orderId: "A-1", amount: 99.5, product: null },
      };
      given([leadCreated(), won]).when(purchase).then([recorded]);
      given([leadCreated(), won, recorded])
        .when({ ...purchase, occurredAt: at(4) })
        .thenThrows(rejectedWith("duplicate_order"));
    });
  });

  describe("owner and referral credit", () => {
    it("records nothing when the owner is already the one asked for", () =>
      given([leadCreated({ ownerId: "rep-1" })])
        .when({ type: "AssignOwner", ownerId: "rep-1", occurredAt: at(2) })
        .thenNothingHappened());

    it("releases a customer to the pool", () =>
      given([leadCreated({ ownerId: "rep-1" })])
        .when({ type: "AssignOwner", ownerId: null, occurredAt: at(2) })
        .then([
          {
            type: "OwnerAssigned",
            occurredAt: at(2),
            data: {
              schemaVersion: 2,
              ownerId: null,
              previousOwnerId: "rep-1",
              reason: "assigned",
              note: null,
            },
          },
        ]));

    it("credits a referral exactly once", () => {
      const credited: CustomerEvent = {
        type: "ReferralCredited",
        occurredAt: at(2),
        data: { schemaVersion: 1, referredCustomerId: referredId },
      };
      const credit = { type: "CreditReferral", referredCustomerId: referredId, occurredAt: at(2) } as const;
      given([leadCreated()]).when(credit).then([credited]);
      given([leadCreated(), credited]).when(credit).thenNothingHappened();
    });
  });
});
