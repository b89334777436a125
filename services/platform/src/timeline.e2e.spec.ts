import { ROLES, type Role } from "@crm/api";
import { beforeAll, describe, expect, it } from "vitest";
import { anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import type { Reply } from "./testing/testPlatform.ts";

// Contract 9.5: a new owner reads what colleagues in sales and service did, newest first, one
// readable line per event in the reader's language, business facts only.

const day = (n: number) => new Date(Date.UTC(2026, 5, n, 9)).toISOString();

describe("the customer's timeline", () => {
  const crm = platformPerSuite();
  let id: string;
  beforeAll(async () => {
    id = await givenALead(crm, { name: "Li Lei", company: "北京移动", occurredAt: day(1) });
    const sales = crm.as("sales");
    const service = crm.as("service");
    const steps = [
      () =>
        sales.post(`/customers/${id}/interactions`, {
          ...anInteraction({ channel: "call", direction: "inbound", summary: "asked for a quote" }),
          occurredAt: day(2),
        }),
      () => sales.post(`/customers/${id}/stage`, { stage: "proposal", occurredAt: day(3) }),
      () => sales.post(`/customers/${id}/stage`, { stage: "won", amount: 4800, occurredAt: day(4) }),
      () =>
        service.post(`/customers/${id}/interactions`, {
          ...anInteraction({
            channel: "email",
            direction: "outbound",
            department: "service",
            summary: "sent the manual",
          }),
          occurredAt: day(5),
        }),
      () => sales.post(`/customers/${id}/claim`, { occurredAt: day(6) }),
    ];
    for (const step of steps) expect((await step()).status).toBeLessThan(300);
  });

  const timeline = (role: Role, headers?: Record<string, string>) =>
    crm.as(role).get(`/customers/${id}/timeline`, headers);
  const linesOf = (reply: Reply) => reply.body.items.map((item: { text: string }) => item.text);

  it("given a customer's work, when any role reads the timeline, then newest occurredAt first with readable English lines", async () => {
    // Every role that works with customers; integration follows the event feed only (contract 11).
    for (const role of ROLES.filter((working) => working !== "integration")) {
      const reply = await timeline(role);
      expect(reply.status, role).toBe(200);
      expect(linesOf(reply)).toEqual([
        "claimed from the pool by sales-actor",
        "email outbound: sent the manual",
        "stage proposal -> won, 4800.00",
        "stage lead -> proposal",
        "call inbound: asked for a quote",
        "lead created: Li Lei (北京移动), source web",
      ]);
    }
  });

  it("given Accept-Language zh-CN, then the words of ours are Chinese and what users typed stays as typed", async () => {
    const reply = await timeline("service", { "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" });

    expect(reply.headers["content-language"]).toBe("zh-CN");
    expect(linesOf(reply)).toEqual([
      "sales-actor 从公海领取",
      "邮件 呼出：sent the manual",
      "阶段 方案 -> 赢单，4800.00",
      "阶段 线索 -> 方案",
      "电话 呼入：asked for a quote",
      "新线索：Li Lei（北京移动），来源：网站",
    ]);
  });

  it("given each item, then it names revision, type, times, actor and department, and never a hash or a correlation id", async () => {
    const reply = await timeline("sales", { "x-correlation-id": "corr-should-not-show" });
    const stream = await crm.customerStream(id);

    expect(reply.body.items[1]).toEqual({
      revision: 4,
      type: "InteractionLogged",
      occurredAt: day(5),
      recordedAt: expect.any(String),
      actor: { id: "service-actor", role: "service" },
      department: "service",
      text: "email outbound: sent the manual",
    });
    expect(reply.body.items[2]).toMatchObject({ department: "sales", actor: { role: "sales" } });
    const body = JSON.stringify(reply.body);
    for (const event of stream) {
      const metadata = event.metadata as { hash: string; correlationId: string; causationId: string };
      expect(body).not.toContain(metadata.hash);
      expect(body).not.toContain(metadata.correlationId);
      expect(body).not.toContain(metadata.causationId);
    }
    expect(body).not.toMatch(/[0-9a-f]{64}/);
  });

  it("given department=service, then only service's work is listed", async () => {
    const reply = await crm.as("sales").get(`/customers/${id}/timeline?department=service`);

    expect(linesOf(reply)).toEqual(["email outbound: sent the manual"]);
  });

  it("given asOf, then the story ends there; given a limit, then pages follow nextCursor without gaps or repeats", async () => {
    const asOf = await crm.as("sales").get(`/customers/${id}/timeline?asOf=${encodeURIComponent(day(3))}`);
    expect(asOf.body.items.map((item: { revision: number }) => item.revision)).toEqual([2, 1, 0]);

    const revisions: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { revision: number }[]; nextCursor: string | null } } = await crm
        .as("sales")
        .get(`/customers/${id}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      revisions.push(...page.body.items.map((item) => item.revision));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(revisions).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it.each([
    ["department=finance", "department"],
    ["limit=0", "limit"],
    ["asOf=yesterday", "asOf"],
    ["cursor=not-ours", "cursor"],
  ])("given ?%s, then 400 naming %s", async (query, field) => {
    const reply = await crm.as("sales").get(`/customers/${id}/timeline?${query}`);

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(JSON.stringify(reply.body.details)).toContain(field);
  });

  it("given an unknown customer, then 404", async () => {
    expect((await crm.as("sales").get(`/customers/${crypto.randomUUID()}/timeline`)).status).toBe(404);
  });
});
