import { beforeAll, describe, expect, it } from "vitest";
import {
  aComplaint,
  anInteraction,
  daysAgo,
  givenAComplaint,
  givenALead,
} from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 2 (each command's success status and body), section 5 `customer:` (the
// customer read) and section 4 (the history read), as a new API client meets them.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe("accepted commands", () => {
  const crm = platformPerSuite();

  it("when a lead is created, then 201 {customerId, revision: 0, possibleDuplicates: []} and one LeadCreated", async () => {
    const { reply, appended } = await crm.appendedBy(() => crm.as("sales").post("/leads", aLead()));

    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      customerId: expect.stringMatching(UUID),
      revision: 0,
      possibleDuplicates: [],
    });
    expect(
      appended.filter((event) => event.streamName.startsWith("crm-customer-")).map((e) => e.type),
    ).toEqual(["LeadCreated"]);
  });

  it("when each command is sent in turn, then each answers its status and body shape, revisions counting up", async () => {
    const id = await givenALead(crm);
    const sales = crm.as("sales");
    const service = crm.as("service");

    const qualified = await sales.post(`/customers/${id}/stage`, {
      stage: "qualified",
      note: "Budget confirmed",
    });
    expect(qualified).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
    expect(Object.keys(qualified.body).sort()).toEqual(["customerId", "revision"]);

    const call = await sales.post(`/customers/${id}/interactions`, anInteraction({ outcome: "positive" }));
    expect(call.status).toBe(201);
    expect(call.body).toEqual({ customerId: id, revision: 2, interactionId: expect.stringMatching(UUID) });

    const complaint = await service.post(`/customers/${id}/complaints`, aComplaint({ channel: "email" }));
    expect(complaint.status).toBe(201);
    expect(complaint.body).toEqual({ customerId: id, revision: 3, complaintId: expect.stringMatching(UUID) });
    const complaintUrl = `/customers/${id}/complaints/${complaint.body.complaintId}`;

    const acknowledged = await service.post(`${complaintUrl}/acknowledge`, {
      apologized: true,
      note: "Called back",
    });
    expect(acknowledged).toMatchObject({ status: 200, body: { customerId: id, revision: 4 } });

    const resolved = await service.post(`${complaintUrl}/resolve`, {
      resolution: "Refunded shipping",
      compensation: 20,
      preventiveAction: "Courier changed",
    });
    expect(resolved).toMatchObject({ status: 200, body: { customerId: id, revision: 5 } });

    const won = await sales.post(`/customers/${id}/stage`, { stage: "won", amount: 1200.5 });
    expect(won).toMatchObject({ status: 200, body: { customerId: id, revision: 6 } });

    const purchase = await sales.post(`/customers/${id}/purchases`, {
      orderId: "SO-1",
      amount: 99.99,
      product: "Refill",
    });
    expect(purchase.status).toBe(201);
    expect(purchase.body).toEqual({ customerId: id, revision: 7 });

    const owner = await sales.put(`/customers/${id}/owner`, { ownerId: "rep-42" });
    expect(owner).toMatchObject({ status: 200, body: { customerId: id, revision: 8 } });
  });

  it("given a filed complaint, when it is acknowledged with no body at all, then 200", async () => {
    const id = await givenALead(crm);
    const complaintId = await givenAComplaint(crm, id);

    const reply = await crm
      .as("service")
      .send("POST", `/customers/${id}/complaints/${complaintId}/acknowledge`);

    expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 2 } });
  });

  it("given the same owner again, when assigned, then 200 at the current revision and nothing is appended", async () => {
    const id = await givenALead(crm, { ownerId: "rep-1" });

    const { reply, appended } = await crm.appendedBy(() =>
      crm.admin.put(`/customers/${id}/owner`, { ownerId: "rep-1" }),
    );

    expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 0 } });
    expect(appended).toEqual([]);
  });
});

describe("reading a customer and its history", () => {
  const crm = platformPerSuite();
  let id: string;
  const createdAt = daysAgo(10);
  const wonAt = daysAgo(6);
  /** Who the customer is, as the lead gave it and the customer read must give it back. */
  const contact = {
    name: "Li Na",
    company: "Hangzhou Tea Co., Ltd.",
    email: "li.na@tea.example",
    phone: "+86 139 0000 1111",
    source: "referral",
    region: "Zhejiang",
    tags: ["tea", "wholesale"],
  };
  beforeAll(async () => {
    id = await givenALead(crm, { ...contact, expectedValue: 800, occurredAt: createdAt });
    const sales = crm.as("sales");
    await sales.post(`/customers/${id}/stage`, {
      stage: "proposal",
      expectedValue: 2000,
      occurredAt: daysAgo(8),
    });
    await sales.post(`/customers/${id}/stage`, { stage: "won", amount: 1500, occurredAt: wonAt });
    await sales.post(`/customers/${id}/purchases`, {
      orderId: "T-1",
      amount: 250.25,
      occurredAt: daysAgo(4),
    });
    await givenAComplaint(crm, id);
    await sales.put(`/customers/${id}/owner`, { ownerId: "rep-7" });
  });

  it("when the customer is read, then it answers the contract's customer shape with derived figures", async () => {
    const reply = await crm.as("analyst").get(`/customers/${id}`);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      customerId: id,
      ...contact,
      ownerId: "rep-7",
      stage: "won",
      lifecycle: "repeat",
      expectedValue: 2000,
      orders: 2,
      revenue: 1750.25,
      referrals: 0,
      openComplaints: 1,
      revision: 5,
      createdAt,
    });
  });

  it("when the history is read, then every event comes in revision order with who, when and within which request", async () => {
    const reply = await crm.as("auditor").get(`/customers/${id}/history`);

    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(["events"]);
    const events = reply.body.events as Array<Record<string, unknown>>;
    expect(events.map((event) => [event.revision, event.type])).toEqual([
      [0, "LeadCreated"],
      [1, "StageAdvanced"],
      [2, "StageAdvanced"],
      [3, "PurchaseRecorded"],
      [4, "ComplaintFiled"],
      [5, "OwnerAssigned"],
    ]);
    for (const event of events)
      expect(event).toMatchObject({
        occurredAt: expect.stringMatching(ISO),
        recordedAt: expect.stringMatching(ISO),
        actor: { id: expect.any(String), role: expect.any(String) },
        correlationId: expect.any(String),
        causationId: expect.any(String),
        data: expect.objectContaining({ schemaVersion: expect.any(Number) }),
      });
    expect(events[2]).toMatchObject({
      occurredAt: wonAt,
      actor: { id: "sales-actor", role: "sales" },
      data: { from: "proposal", to: "won", amount: 1500, lostReason: null, lostNote: null },
    });
    expect(events[4]).toMatchObject({ actor: { id: "service-actor", role: "service" } });
  });
});
