import { beforeAll, describe, expect, it } from "vitest";
import { anInteraction } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";
import { statusByRole } from "./testing/thenSteps.ts";

// Contract section 4, audit: every event across all customers, newest recordedAt first,
// with its actor; from (inclusive) and to (exclusive) filter recordedAt. A read model of
// the events, so it must answer the same after a restart and after a rebuild from zero.

type Item = { customerId: string; revision: number; type: string; recordedAt: string; actor: { id: string } };
const keyOf = (item: Item) => `${item.customerId}:${item.revision}`;

describe("the audit trail over HTTP", () => {
  const crm = platformPerSuite();
  let ada: string;
  let bo: string;
  let referred: string;
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString();

  beforeAll(async () => {
    const recordAt = async <T>(minute: number, request: () => Promise<T>) => {
      crm.clock.set(at(minute));
      return request();
    };
    ada = (await recordAt(0, () => crm.as("sales").post("/leads", aLead({ occurredAt: at(0) })))).body
      .customerId;
    bo = (await recordAt(1, () => crm.as("admin").post("/leads", aLead({ occurredAt: at(1) })))).body
      .customerId;
    await recordAt(2, () =>
      crm.as("service").post(`/customers/${ada}/interactions`, anInteraction({ occurredAt: at(2) })),
    );
    // Two events in the same instant, on two customers: the order must still be total.
    await recordAt(3, () =>
      crm.as("sales").post(`/customers/${ada}/stage`, { stage: "qualified", occurredAt: at(3) }),
    );
    await recordAt(3, () =>
      crm.as("sales").post(`/customers/${bo}/stage`, { stage: "proposal", occurredAt: at(3) }),
    );
    await recordAt(4, () =>
      crm.as("admin").put(`/customers/${bo}/owner`, { ownerId: "rep-9", occurredAt: at(4) }),
    );
    const lead = await recordAt(5, () =>
      crm
        .as("sales")
        .post("/leads", aLead({ referredBy: ada, occurredAt: at(5) }), { "x-correlation-id": "ref-1" }),
    );
    referred = lead.body.customerId;
    await crm.waitForEvent((event) => event.type === "ReferralCredited");
    crm.clock.release();
  });

  const audit = async (query = "", role: "auditor" | "admin" = "auditor") => {
    const reply = await crm.as(role).get(`/audit${query}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body as { items: Item[]; nextCursor: string | null };
  };

  it("given events on several customers, then every one, newest recordedAt first, ties by customerId then newest revision", async () => {
    const { items, nextCursor } = await audit();

    // Same instant: by customerId. (Within one customer, the newer revision would come first.)
    const byCustomerId = (a: string, b: string) => (a < b ? -1 : 1);
    const minute5 = [`${ada}:3`, `${referred}:0`].sort(byCustomerId); // the credit lands with the lead
    const minute3 = [`${ada}:2`, `${bo}:1`].sort(byCustomerId);
    expect(items.map(keyOf)).toEqual([...minute5, `${bo}:2`, ...minute3, `${ada}:1`, `${bo}:0`, `${ada}:0`]);
    expect(nextCursor).toBeNull();
  });

  it("then each item names who did it, when, within which request, through which command", async () => {
    const { items } = await audit(`?customerId=${referred}`);
    const [leadCreated] = await crm.customerStream(referred);

    expect(items).toEqual([
      {
        customerId: referred,
        revision: 0,
        type: "LeadCreated",
        occurredAt: at(5),
        recordedAt: at(5),
        actor: { id: "sales-actor", role: "sales" },
        correlationId: "ref-1",
        causationId: leadCreated?.metadata.causationId,
        command: "createLead",
        eventId: leadCreated?.eventId,
      },
    ]);
    const credit = (await audit("?type=ReferralCredited")).items;
    expect(credit).toEqual([
      expect.objectContaining({
        customerId: ada,
        actor: { id: "referral-reactor", role: "system" },
        correlationId: "ref-1",
        causationId: leadCreated?.eventId,
      }),
    ]);
  });

  it("given filters, then exactly the matching events: actor, customer, type, and recordedAt from inclusive to exclusive", async () => {
    expect((await audit("?actorId=service-actor")).items.map(keyOf)).toEqual([`${ada}:1`]);
    expect((await audit(`?customerId=${bo}`)).items.map(keyOf)).toEqual([`${bo}:2`, `${bo}:1`, `${bo}:0`]);
    expect((await audit("?type=LeadCreated&actorId=admin-actor")).items.map(keyOf)).toEqual([`${bo}:0`]);
    const window = `?from=${encodeURIComponent(at(1))}&to=${encodeURIComponent(at(3))}`;
    expect((await audit(window)).items.map(keyOf)).toEqual([`${ada}:1`, `${bo}:0`]);
    const offset = encodeURIComponent(at(4).replace("Z", "+00:00"));
    expect((await audit(`?from=${offset}`)).items.map((item) => item.recordedAt)).toEqual([
      at(5),
      at(5),
      at(4),
    ]);
  });

  it("given a small page size, when the cursor is followed, then every event exactly once, in order", async () => {
    const all = (await audit()).items.map(keyOf);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await audit(
        `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items.map(keyOf));
      cursor = page.nextCursor;
    } while (cursor);

    expect(paged).toEqual(all);
    expect(all).toHaveLength(8);
  });

  it("given the platform restarts, and then loses its read models and rebuilds them, then the trail is the same", async () => {
    const before = await audit();

    await crm.restart();
    expect(await audit("", "admin")).toEqual(before);
    await crm.restart({ forgetCheckpoints: true });
    expect(await audit("", "admin")).toEqual(before);
  });

  it("then the OpenAPI document describes the audit trail and the chain check", async () => {
    const reply = await crm.platform.app.inject({ method: "GET", url: "/docs/json" });

    expect(reply.statusCode).toBe(200);
    expect(Object.keys(reply.json().paths)).toEqual(
      expect.arrayContaining(["/api/v1/audit", "/api/v1/customers/{id}/verify"]),
    );
  });

  it.each(statusByRole(["auditor", "admin"]))("given role %s, then %i", async (role, status) => {
    expect((await crm.as(role).get("/audit")).status).toBe(status);
  });

  it.each([
    ["a cursor it did not give out", "?cursor=not-a-cursor", "cursor"],
    ["an unknown event type", "?type=CustomerDeleted", "type"],
    ["a window that ends before it starts", `?from=${at(3)}&to=${at(1)}`, "to"],
    ["a limit over 500", "?limit=501", "limit"],
    ["an unknown parameter", "?actor=sales-actor", ""],
  ])("given %s, then 400 validation_failed", async (_case, query, path) => {
    const reply = await crm.as("auditor").get(`/audit${query}`);

    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe("validation_failed");
    if (path) expect(JSON.stringify(reply.body.details)).toContain(path);
  });
});
