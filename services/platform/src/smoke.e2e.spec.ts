import { describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

describe("embedded platform, first steps over HTTP", () => {
  const crm = platformPerSuite();

  it("creates a lead, moves it to won and reads it back", async () => {
    const created = await crm.as("sales").post("/leads", aLead());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ revision: 0, possibleDuplicates: [] });
    const id = created.body.customerId;
    const won = await crm.as("sales").post(`/customers/${id}/stage`, { stage: "won", amount: 1500 });
    expect(won).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
    const customer = await crm.as("sales").get(`/customers/${id}`);
    expect(customer.body).toMatchObject({
      stage: "won",
      lifecycle: "customer",
      orders: 1,
      revenue: 1500,
      revision: 1,
    });
  });
});
