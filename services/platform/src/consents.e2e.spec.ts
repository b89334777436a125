import { describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 10.2: consent per purpose, the latest decision on the customer, and the
// consent filter of search and export.

describe("consent", () => {
  const crm = platformPerSuite();

  const aCustomer = async () =>
    (await crm.as("sales").post("/leads", aLead({ occurredAt: "2026-11-01T00:00:00.000Z" }))).body
      .customerId as string;

  it("given a lead, when sales records a grant, then 201 and the customer shows it as the latest decision", async () => {
    const id = await aCustomer();
    crm.clock.set("2026-11-20T10:00:00.000Z");
    const reply = await crm.as("sales").post(`/customers/${id}/consents`, {
      purpose: "marketing_email",
      granted: true,
      source: "web form",
      occurredAt: "2026-11-20T09:00:00.000Z",
    });
    crm.clock.release();

    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toEqual({ customerId: id, revision: 1 });
    const customer = (await crm.as("sales").get(`/customers/${id}`)).body;
    expect(customer.consents).toEqual({
      marketing_email: { granted: true, source: "web form", occurredAt: "2026-11-20T09:00:00.000Z" },
      marketing_phone: null,
      profiling: null,
    });
    const [, stored] = await crm.customerStream(id);
    expect(stored).toMatchObject({
      type: "ConsentRecorded",
      data: { schemaVersion: 1, purpose: "marketing_email", granted: true, source: "web form" },
    });
  });

  it("given a grant then a withdrawal by service, then the latest decision is the withdrawal", async () => {
    const id = await aCustomer();
    await crm.as("sales").post(`/customers/${id}/consents`, { purpose: "profiling", granted: true });
    expect(
      (await crm.as("service").post(`/customers/${id}/consents`, { purpose: "profiling", granted: false }))
        .status,
    ).toBe(201);

    expect((await crm.as("admin").get(`/customers/${id}`)).body.consents.profiling).toMatchObject({
      granted: false,
      source: null,
    });
  });

  it("given customers with and without consent, then consent= selects those whose latest decision grants it", async () => {
    const granted = await aCustomer();
    const withdrawn = await aCustomer();
    const neverAsked = await aCustomer();
    await crm
      .as("sales")
      .post(`/customers/${granted}/consents`, { purpose: "marketing_phone", granted: true });
    await crm
      .as("sales")
      .post(`/customers/${withdrawn}/consents`, { purpose: "marketing_phone", granted: true });
    await crm
      .as("sales")
      .post(`/customers/${withdrawn}/consents`, { purpose: "marketing_phone", granted: false });

    const found = await crm.as("analyst").get("/customers?consent=marketing_phone&limit=500");
    expect(found.status).toBe(200);
    const ids = found.body.items.map((item: { customerId: string }) => item.customerId);
    expect(ids).toContain(granted);
    expect(ids).not.toContain(withdrawn);
    expect(ids).not.toContain(neverAsked);
    const csv = (await crm.as("analyst").get("/customers/export.csv?consent=marketing_phone")).body as string;
    expect(csv).toContain(granted);
    expect(csv).not.toContain(withdrawn);
    expect(csv).not.toContain(neverAsked);
  });

  it.each([
    [{ purpose: "newsletter", granted: true }, "purpose"],
    [{ purpose: "profiling" }, "granted"],
    [{ purpose: "profiling", granted: "yes" }, "granted"],
    [{ purpose: "profiling", granted: true, note: "x" }, ""],
    [{ purpose: "profiling", granted: true, source: "x".repeat(201) }, "source"],
  ])("given %j, then 400 validation_failed naming the field and nothing appended", async (body, field) => {
    const id = await aCustomer();
    const { reply, appended } = await crm.appendedBy(() =>
      crm.as("sales").post(`/customers/${id}/consents`, body),
    );

    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe("validation_failed");
    if (field) expect(JSON.stringify(reply.body.details)).toContain(field);
    expect(appended).toEqual([]);
  });

  it("given an unknown customer's id, then 404", async () => {
    const reply = await crm
      .as("sales")
      .post(`/customers/${crypto.randomUUID()}/consents`, { purpose: "profiling", granted: true });
    expect(reply.status).toBe(404);
  });

  it.each([
    ["analyst", 403],
    ["auditor", 403],
    [null, 401],
  ] as const)("given role %s, then %i", async (role, status) => {
    const id = await aCustomer();
    expect(
      (await crm.as(role).post(`/customers/${id}/consents`, { purpose: "profiling", granted: true })).status,
    ).toBe(status);
  });

  it("given search by sales, then the consent filter is refused unless the role may search", async () => {
    expect((await crm.as("analyst").get("/customers?consent=nope")).status).toBe(400);
  });
});
