import { beforeAll, describe, expect, it } from "vitest";
import { aComplaint, daysBefore } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract 9.2, merges in every read: for a cut at or after the merge the pair is one customer
// (the duplicate is left out of counts, lists, sums and search; its orders, revenue, compensation
// and complaints count for the survivor at their own dates; the survivor's stage is its own);
// for a cut before it both count. The maintained views and the asOf replay agree.

describe("a merged pair in views, search and export", () => {
  const crm = platformPerSuite();
  let survivor: string;
  let duplicate: string;
  const day = daysBefore();
  const beforeMerge = day(25);
  const q = (params: Record<string, string>) =>
    Object.keys(params).length ? `?${new URLSearchParams(params)}` : "";
  const view = async (name: string, params: Record<string, string> = {}) =>
    (await crm.as("analyst").get(`/views/${name}${q(params)}`)).body;

  beforeAll(async () => {
    const sales = crm.as("sales");
    survivor = (await sales.post("/leads", aLead({ company: "中国移动北京", occurredAt: day(60) }))).body
      .customerId;
    duplicate = (
      await sales.post("/leads", aLead({ company: "北京移动", name: "Zhang Wei", occurredAt: day(60) }))
    ).body.customerId;
    await sales.post(`/customers/${survivor}/stage`, { stage: "won", amount: 1000, occurredAt: day(50) });
    await sales.post(`/customers/${duplicate}/stage`, { stage: "won", amount: 500, occurredAt: day(40) });
    await sales.post(`/customers/${duplicate}/purchases`, {
      orderId: "D-1",
      amount: 300,
      occurredAt: day(35),
    });
    const complaintId = (
      await crm.as("service").post(`/customers/${duplicate}/complaints`, aComplaint({ occurredAt: day(31) }))
    ).body.complaintId;
    await crm
      .as("service")
      .post(`/customers/${duplicate}/complaints/${complaintId}/acknowledge`, { occurredAt: day(30) });
    await crm.as("service").post(`/customers/${duplicate}/complaints/${complaintId}/resolve`, {
      resolution: "refunded the freight",
      compensation: 50,
      occurredAt: day(29),
    });
    const merged = await sales.post(`/customers/${survivor}/merge`, {
      duplicateId: duplicate,
      occurredAt: day(20),
    });
    expect(merged.status).toBe(200);
  });

  it("given a cut before the merge, then both customers count as they were", async () => {
    expect((await view("lifecycle", { asOf: beforeMerge })).counts).toMatchObject({ customer: 1, repeat: 1 });
    const value = await view("customer-value", { asOf: beforeMerge });
    expect(
      value.customers.map((c: { customerId: string; revenue: number }) => [c.customerId, c.revenue]),
    ).toEqual(
      expect.arrayContaining([
        [survivor, 1000],
        [duplicate, 800],
      ]),
    );
    expect(value.customers).toHaveLength(2);
  });

  it("given a cut at or after the merge, then the pair is one customer carrying the duplicate's orders, revenue and compensation", async () => {
    for (const cut of [{}, { asOf: day(20) }] as Record<string, string>[]) {
      const lifecycle = await view("lifecycle", cut);
      expect(lifecycle.counts).toMatchObject({ customer: 0, repeat: 1, prospect: 0 });
      const value = await view("customer-value", cut);
      expect(value.customers).toEqual([
        expect.objectContaining({
          customerId: survivor,
          orders: 3,
          revenue: 1800,
          compensation: 50,
          netValue: 1750,
          lastOrderAt: day(35),
        }),
      ]);
      expect((await view("funnel", cut)).stages[0]).toMatchObject({ stage: "lead", reached: 1 });
      expect((await view("churn", { from: day(45), ...cut })).complaints).toMatchObject({
        filed: 1,
        resolved: 1,
      });
    }
  });

  it("given the merged pair, then the maintained views equal their asOf replay", async () => {
    const asOf = new Date().toISOString();
    for (const name of ["funnel", "lifecycle", "churn", "customer-value"]) {
      const { asOf: _maintainedAsOf, ...maintained } = await view(name, { to: asOf });
      const { asOf: _replayedAsOf, ...replayed } = await view(name, { to: asOf, asOf });
      expect(replayed, name).toEqual(maintained);
    }
  });

  it("given the merged pair, then search and export list the survivor once with the duplicate's revenue, never the duplicate", async () => {
    const found = (await crm.as("analyst").get("/customers?limit=500")).body.items;
    expect(found.map((item: { customerId: string }) => item.customerId)).toEqual([survivor]);
    expect(found[0]).toMatchObject({ orders: 3, revenue: 1800, lifecycle: "repeat", stage: "won" });
    expect((await crm.as("analyst").get("/customers?q=Zhang%20Wei")).body.items).toEqual([]);

    const csv = (await crm.as("analyst").get("/customers/export.csv")).body as string;
    expect(csv).toContain(survivor);
    expect(csv).not.toContain(duplicate);
  });

  it("given the survivor read as of before the merge, then it has only its own order; now, all three", async () => {
    expect((await crm.as("sales").get(`/customers/${survivor}?asOf=${beforeMerge}`)).body).toMatchObject({
      orders: 1,
      revenue: 1000,
    });
    expect((await crm.as("sales").get(`/customers/${survivor}`)).body).toMatchObject({
      orders: 3,
      revenue: 1800,
      lifecycle: "repeat",
    });
  });
});
