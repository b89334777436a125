import { describe, expect, it } from "vitest";
import {
  aComplaint,
  anInteraction,
  daysAgo,
  givenAComplaint,
  givenALead,
  givenALostLead,
  givenAWonCustomer,
} from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead, type TestPlatform } from "./testing/testPlatform.ts";
import { refusalsOf } from "./testing/thenSteps.ts";

// Contract sections 1 and 2: a command that breaks a customer rule is refused with the code the
// contract names (422, 409 duplicate_order, 412 revision_mismatch) and appends nothing.

describe("customer rules over HTTP", () => {
  const crm = platformPerSuite();

  const refused = refusalsOf(crm);
  const move = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    crm.as("sales").post(`/customers/${id}/stage`, body, headers);

  describe("stage moves", () => {
    it.each([
      ["lead", [], { stage: "lead" }],
      ["negotiation", [{ stage: "negotiation" }], { stage: "qualified" }],
      ["won", [{ stage: "won", amount: 500 }], { stage: "proposal" }],
      ["won", [{ stage: "won", amount: 500 }], { stage: "won", amount: 700 }],
      ["lost", [{ stage: "lost", lostReason: "price" }], { stage: "proposal" }],
      ["lost", [{ stage: "lost", lostReason: "price" }], { stage: "won", amount: 100 }],
      ["lost", [{ stage: "lost", lostReason: "price" }], { stage: "lost", lostReason: "other" }],
    ])(
      "given a customer in %s, when moved to %j, then 422 invalid_transition",
      async (_stage, path, target) => {
        const id = await givenALead(crm);
        for (const step of path) expect((await move(id, step)).status).toBe(200);

        await refused(() => move(id, target), 422, "invalid_transition");
      },
    );

    it("given a lead, when it skips to negotiation, then one move lead -> negotiation is recorded", async () => {
      const id = await givenALead(crm);

      const { reply, appended } = await crm.appendedBy(() => move(id, { stage: "negotiation" }));

      expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
      expect(appended.map((event) => [event.type, event.data])).toEqual([
        ["StageAdvanced", expect.objectContaining({ from: "lead", to: "negotiation" })],
      ]);
    });
  });

  describe("complaints", () => {
    it("given a filed complaint, when it is resolved before it is acknowledged, then 422 invalid_transition", async () => {
      const id = await givenALead(crm);
      const complaintId = await givenAComplaint(crm, id);

      await refused(
        () =>
          crm
            .as("service")
            .post(`/customers/${id}/complaints/${complaintId}/resolve`, { resolution: "Sorted" }),
        422,
        "invalid_transition",
      );
    });

    it("given a resolved complaint, when it is resolved again, then 422 invalid_transition", async () => {
      const id = await givenALead(crm);
      const complaintId = await givenAComplaint(crm, id, { acknowledged: true });
      const resolve = () =>
        crm
          .as("service")
          .post(`/customers/${id}/complaints/${complaintId}/resolve`, { resolution: "Sorted" });
      expect((await resolve()).status).toBe(200);

      await refused(resolve, 422, "invalid_transition");
    });

    it("given an acknowledged complaint, when it is acknowledged again, then 422 invalid_transition", async () => {
      const id = await givenALead(crm);
      const complaintId = await givenAComplaint(crm, id, { acknowledged: true });

      await refused(
        () => crm.as("service").post(`/customers/${id}/complaints/${complaintId}/acknowledge`, {}),
        422,
        "invalid_transition",
      );
    });
  });

  describe("business-time order", () => {
    it("given a customer whose latest event happened yesterday, when a stage move is dated two days ago, then 422 out_of_order", async () => {
      const id = await givenALead(crm, { occurredAt: daysAgo(1) });

      await refused(() => move(id, { stage: "qualified", occurredAt: daysAgo(2) }), 422, "out_of_order");
    });

    it("given a customer, when a complaint is dated before its latest event, then 422 out_of_order", async () => {
      const id = await givenALead(crm, { occurredAt: daysAgo(3) });
      expect((await move(id, { stage: "qualified", occurredAt: daysAgo(1) })).status).toBe(200);

      await refused(
        () => crm.as("service").post(`/customers/${id}/complaints`, aComplaint({ occurredAt: daysAgo(2) })),
        422,
        "out_of_order",
      );
    });

    it("given a lead created two days ago, when an interaction is dated three days ago, then 422 out_of_order", async () => {
      const id = await givenALead(crm, { occurredAt: daysAgo(2) });

      await refused(
        () =>
          crm.as("sales").post(`/customers/${id}/interactions`, anInteraction({ occurredAt: daysAgo(3) })),
        422,
        "out_of_order",
      );
    });

    it("given a lead created three days ago and qualified today, when yesterday's call is logged, then it is accepted", async () => {
      const id = await givenALead(crm, { occurredAt: daysAgo(3) });
      expect((await move(id, { stage: "qualified" })).status).toBe(200);

      const reply = await crm
        .as("sales")
        .post(`/customers/${id}/interactions`, anInteraction({ occurredAt: daysAgo(1) }));

      expect(reply).toMatchObject({ status: 201, body: { customerId: id, revision: 2 } });
    });
  });

  describe("referrals and purchases", () => {
    it("given no such customer, when a lead names it as referredBy, then 422 unknown_referrer", async () => {
      await refused(
        () => crm.as("sales").post("/leads", aLead({ referredBy: crypto.randomUUID() })),
        422,
        "unknown_referrer",
      );
    });

    it.each([
      ["an open lead", (platform: TestPlatform) => givenALead(platform)],
      ["a lost lead", givenALostLead],
    ])("given %s, when a purchase is recorded, then 422 not_a_customer", async (_name, given) => {
      const id = await given(crm);

      await refused(
        () => crm.as("sales").post(`/customers/${id}/purchases`, { orderId: "SO-1", amount: 50 }),
        422,
        "not_a_customer",
      );
    });

    it("given a recorded order, when the same orderId is recorded again, then 409 duplicate_order", async () => {
      const id = await givenAWonCustomer(crm);
      const purchase = (amount: number) =>
        crm.as("sales").post(`/customers/${id}/purchases`, { orderId: "SO-2026-001", amount });
      expect((await purchase(50)).status).toBe(201);

      const reply = await refused(() => purchase(75), 409, "duplicate_order");

      expect(reply.body.details).toMatchObject({ orderId: "SO-2026-001" });
    });

    it("given an order of one customer, when another customer records the same orderId, then it is accepted", async () => {
      const [first, second] = [await givenAWonCustomer(crm), await givenAWonCustomer(crm)];
      const purchase = (id: string) =>
        crm.as("sales").post(`/customers/${id}/purchases`, { orderId: "SO-7", amount: 9 });

      expect((await purchase(first)).status).toBe(201);
      expect((await purchase(second)).status).toBe(201);
    });
  });

  describe("If-Match", () => {
    it("given a customer at revision 1, when a command carries If-Match 0, then 412 revision_mismatch", async () => {
      const id = await givenALead(crm);
      expect((await move(id, { stage: "qualified" })).status).toBe(200);

      const reply = await refused(
        () => move(id, { stage: "proposal" }, { "if-match": '"0"' }),
        412,
        "revision_mismatch",
      );

      expect(reply.body.details).toMatchObject({ currentRevision: 1 });
    });

    it.each(['"1"', 'W/"1"', "1", "*"])(
      "given a customer at revision 1, when a command carries If-Match %s, then it succeeds",
      async (ifMatch) => {
        const id = await givenALead(crm);
        expect((await move(id, { stage: "qualified" })).status).toBe(200);

        const reply = await crm
          .as("sales")
          .put(`/customers/${id}/owner`, { ownerId: "rep-9" }, { "if-match": ifMatch });

        expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 2 } });
      },
    );

    it("given a stale If-Match, when an interaction is logged, then 412 and the interaction is not recorded", async () => {
      const id = await givenALead(crm);
      expect((await move(id, { stage: "qualified" })).status).toBe(200);

      await refused(
        () => crm.as("service").post(`/customers/${id}/interactions`, anInteraction(), { "if-match": '"0"' }),
        412,
        "revision_mismatch",
      );
    });
  });
});
