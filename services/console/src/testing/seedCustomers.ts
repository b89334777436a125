import type { apiAs } from "./consoleHarness.ts";

type Api = ReturnType<typeof apiAs>;

/** A lead entered through the public API (as the role of `api`); its customer id. */
export const newLead = async (api: Api, lead: Record<string, unknown>) =>
  (await api.post("/leads", lead)).customerId as string;

// A small book of business with a past, entered through the public API with back-dated
// business times, so the dashboards have something to show now and something else as of
// an earlier date.

export const seedBookOfBusiness = async (sales: Api, service: Api) => {
  const lead = (name: string, company: string, occurredAt: string, expectedValue: number) =>
    newLead(sales, {
      name,
      company,
      source: "web",
      region: "华北",
      expectedValue,
      ownerId: "sales-1",
      occurredAt,
    });
  const move = (id: string, body: Record<string, unknown>) => sales.post(`/customers/${id}/stage`, body);

  const won = await lead("Li Lei", "北京移动", "2026-01-05T09:00:00Z", 5000);
  await move(won, { stage: "qualified", occurredAt: "2026-01-20T09:00:00Z" });
  await move(won, { stage: "proposal", occurredAt: "2026-02-10T09:00:00Z" });
  await move(won, { stage: "won", amount: 4800, occurredAt: "2026-03-01T09:00:00Z" });
  await sales.post(`/customers/${won}/purchases`, {
    orderId: "PO-1",
    amount: 1200,
    occurredAt: "2026-04-01T09:00:00Z",
  });

  const lost = await lead("Han Meimei", "上海电信", "2026-01-10T09:00:00Z", 3000);
  await move(lost, { stage: "lost", lostReason: "price", occurredAt: "2026-02-15T09:00:00Z" });

  const qualified = await lead("Wang Fang", "广州联通", "2026-02-20T09:00:00Z", 8000);
  await move(qualified, { stage: "qualified", occurredAt: "2026-03-05T09:00:00Z" });

  const fresh = await lead("Zhang Wei", "深圳华为", "2026-03-10T09:00:00Z", 2000);

  const complaint = await service.post(`/customers/${won}/complaints`, {
    category: "delivery",
    severity: "high",
    description: "The router arrived two weeks late",
  });
  return { won, lost, qualified, fresh, complaintId: complaint.complaintId as string };
};
