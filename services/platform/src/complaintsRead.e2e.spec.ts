import { describe, expect, it } from "vitest";
import { aComplaint, givenAComplaint, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// GET /customers/{id}/complaints: each complaint with how far it is handled, for the people
// who handle it (the console's 4A steps); every role that reads customers may read it.

describe("a customer's complaints and their handling steps", () => {
  const crm = platformPerSuite();

  it("given a complaint filed, acknowledged with an apology and resolved with amends, when read, then every step shows", async () => {
    const customerId = await givenALead(crm);
    const complaintId = await givenAComplaint(crm, customerId, { acknowledged: true });
    const service = crm.as("service");
    const resolved = await service.post(`/customers/${customerId}/complaints/${complaintId}/resolve`, {
      resolution: "Sent the missing parts by courier",
      compensation: 50,
      preventiveAction: "Daily check of late shipments",
    });
    expect(resolved.status).toBe(200);

    const reply = await crm.as("sales").get(`/customers/${customerId}/complaints`);

    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([
      expect.objectContaining({
        complaintId,
        customerId,
        ...aComplaint(),
        channel: null,
        status: "resolved",
        apologized: true,
        resolution: "Sent the missing parts by courier",
        compensation: 50,
        preventiveAction: "Daily check of late shipments",
      }),
    ]);
    const [item] = reply.body.items;
    expect(Date.parse(item.filedAt)).toBeLessThanOrEqual(Date.parse(item.acknowledgedAt));
    expect(Date.parse(item.acknowledgedAt)).toBeLessThanOrEqual(Date.parse(item.resolvedAt));
  });

  it("given two complaints, when one is only filed, then it shows as filed with no later steps, newest first", async () => {
    const customerId = await givenALead(crm);
    const older = await givenAComplaint(crm, customerId, { acknowledged: true });
    const newer = await givenAComplaint(crm, customerId);

    const reply = await crm.as("auditor").get(`/customers/${customerId}/complaints`);

    expect(reply.body.items.map((item: { complaintId: string }) => item.complaintId)).toEqual([newer, older]);
    expect(reply.body.items[0]).toMatchObject({
      status: "filed",
      acknowledgedAt: null,
      apologized: null,
      resolvedAt: null,
    });
    expect(reply.body.items[1]).toMatchObject({ status: "acknowledged", apologized: true, resolvedAt: null });
  });

  it("given a cut before the acknowledgement, when read as of then, then the complaint is still filed", async () => {
    const customerId = await givenALead(crm);
    const filed = await crm.as("service").post(`/customers/${customerId}/complaints`, aComplaint());
    const history = await crm.as("auditor").get(`/customers/${customerId}/history`);
    const filedAt = history.body.events.at(-1).occurredAt;
    await crm
      .as("service")
      .post(`/customers/${customerId}/complaints/${filed.body.complaintId}/acknowledge`, {
        apologized: false,
      });

    const reply = await crm.as("service").get(`/customers/${customerId}/complaints?asOf=${filedAt}`);

    expect(reply.body.items).toEqual([expect.objectContaining({ status: "filed" })]);
  });

  it("given a duplicate with a complaint merged into a customer, when the survivor's complaints are read, then the duplicate's is among them, named by where it was filed", async () => {
    const survivor = await givenALead(crm);
    const duplicate = await givenALead(crm);
    const theirs = await givenAComplaint(crm, duplicate);
    const merged = await crm.as("sales").post(`/customers/${survivor}/merge`, { duplicateId: duplicate });
    expect(merged.status).toBe(200);

    const reply = await crm.as("service").get(`/customers/${survivor}/complaints`);

    expect(reply.body.items).toEqual([
      expect.objectContaining({ complaintId: theirs, customerId: duplicate, status: "filed" }),
    ]);
    const customer = await crm.as("service").get(`/customers/${survivor}`);
    expect(customer.body.openComplaints).toBe(1);
  });

  it("given an unknown customer or no key, then 404 and 401", async () => {
    expect((await crm.as("service").get(`/customers/${crypto.randomUUID()}/complaints`)).status).toBe(404);
    expect((await crm.as(null).get(`/customers/${crypto.randomUUID()}/complaints`)).status).toBe(401);
  });
});
