import { describe, expect, it } from "vitest";
import { givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// Contract 9.4: a rep books the next call, for herself or a colleague in service; the work list
// shows what is open, overdue or done; a follow-up is completed once.

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

describe("follow-ups", () => {
  const crm = platformPerSuite();

  const book = (customerId: string, body: Record<string, unknown>, caller = crm.as("sales")) =>
    caller.post(`/customers/${customerId}/follow-ups`, body);

  it("given a customer, when sales books a follow-up for service, then 201 with its id and FollowUpScheduled names the assignee", async () => {
    const id = await givenALead(crm);

    const reply = await book(id, {
      title: "Install the router",
      dueAt: inDays(2),
      assigneeId: "service-actor",
    });

    expect(reply).toMatchObject({
      status: 201,
      body: { customerId: id, revision: 1, followUpId: expect.any(String) },
    });
    const [, scheduled] = await crm.customerStream(id);
    expect(scheduled).toMatchObject({
      type: "FollowUpScheduled",
      data: {
        schemaVersion: 1,
        followUpId: reply.body.followUpId,
        title: "Install the router",
        assigneeId: "service-actor",
        note: null,
      },
    });
  });

  it("given follow-ups for the caller, when it reads GET /follow-ups, then its own open ones come by due date, overdue ones marked", async () => {
    const rep = crm.as({ actorId: "sales-rep-1" });
    const id = await givenALead(crm, { name: "张伟" });
    const later = await book(id, { title: "Second call", dueAt: inDays(5) }, rep);
    const sooner = await book(id, { title: "First call", dueAt: inDays(1) }, rep);
    const late = await book(id, { title: "Overdue call", dueAt: inDays(-1) }, rep);
    await book(id, { title: "Someone else's", dueAt: inDays(1), assigneeId: "sales-rep-2" }, rep);

    const list = await rep.get("/follow-ups?status=open");

    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { followUpId: string }) => item.followUpId)).toEqual([
      late.body.followUpId,
      sooner.body.followUpId,
      later.body.followUpId,
    ]);
    expect(list.body.items[0]).toEqual({
      followUpId: late.body.followUpId,
      customerId: id,
      customerName: "张伟",
      stage: "lead",
      title: "Overdue call",
      dueAt: expect.any(String),
      assigneeId: "sales-rep-1",
      status: "overdue",
      completedAt: null,
    });
    const overdue = await rep.get("/follow-ups?status=overdue");
    expect(overdue.body.items.map((item: { title: string }) => item.title)).toEqual(["Overdue call"]);
    const colleague = await crm.as("analyst").get("/follow-ups?assigneeId=sales-rep-2");
    expect(colleague.body.items.map((item: { title: string }) => item.title)).toEqual(["Someone else's"]);
  });

  it("given an open follow-up, when it is completed, then 200, it is done in the list, and completing it again is 422 with nothing appended", async () => {
    const rep = crm.as({ actorId: "sales-rep-3" });
    const id = await givenALead(crm);
    const { followUpId } = (await book(id, { title: "Send the quote", dueAt: inDays(1) }, rep)).body;

    const done = await crm
      .as("service")
      .post(`/customers/${id}/follow-ups/${followUpId}/complete`, { outcome: "positive", note: "sent" });

    expect(done).toMatchObject({ status: 200, body: { customerId: id, revision: 2 } });
    expect((await rep.get("/follow-ups?status=done")).body.items).toMatchObject([
      { followUpId, status: "done", completedAt: expect.any(String) },
    ]);
    expect((await rep.get("/follow-ups?status=open")).body.items).toEqual([]);
    const { reply, appended } = await crm.appendedBy(() =>
      rep.post(`/customers/${id}/follow-ups/${followUpId}/complete`),
    );
    expect(reply).toMatchObject({ status: 422, body: { error: "invalid_transition" } });
    expect(appended).toEqual([]);
  });

  it("given an unknown follow-up id, when it is completed, then 404 and nothing is appended", async () => {
    const id = await givenALead(crm);

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as("sales").post(`/customers/${id}/follow-ups/${crypto.randomUUID()}/complete`, {}),
    );

    expect(reply).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(appended).toEqual([]);
  });

  it("given an unknown customer, when a follow-up is booked, then 404 and nothing is appended", async () => {
    const { reply, appended } = await crm.appendedBy(() =>
      book(crypto.randomUUID(), { title: "Call", dueAt: inDays(1) }),
    );

    expect(reply).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(appended).toEqual([]);
  });

  it("given more follow-ups than the limit, when the list is paged with nextCursor, then each appears once in due order", async () => {
    const rep = crm.as({ actorId: "sales-rep-4" });
    const id = await givenALead(crm);
    for (const day of [4, 2, 5, 1, 3]) await book(id, { title: `Day ${day}`, dueAt: inDays(day) }, rep);

    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { title: string }[]; nextCursor: string | null } } = await rep.get(
        `/follow-ups?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      titles.push(...page.body.items.map((item) => item.title));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(titles).toEqual(["Day 1", "Day 2", "Day 3", "Day 4", "Day 5"]);
    const due = await rep.get(`/follow-ups?dueBefore=${encodeURIComponent(inDays(2.5))}`);
    expect(due.body.items.map((item: { title: string }) => item.title)).toEqual(["Day 1", "Day 2"]);
  });

  it.each([
    [{ dueAt: inDays(1) }, "title"],
    [{ title: "   ", dueAt: inDays(1) }, "title"],
    [{ title: "Call", dueAt: "next Tuesday" }, "dueAt"],
    [{ title: "Call", dueAt: inDays(1), assigneeId: "" }, "assigneeId"],
    [{ title: "Call", dueAt: inDays(1), priority: "high" }, "priority"],
  ])(
    "given the body %j, when a follow-up is booked, then 400 naming %s and nothing is appended",
    async (body, field) => {
      const id = await givenALead(crm);

      const { reply, appended } = await crm.appendedBy(() => book(id, body));

      expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
      expect(JSON.stringify(reply.body.details)).toContain(field);
      expect(appended).toEqual([]);
    },
  );

  it("given a completion with an outcome outside the list, then 400 naming outcome", async () => {
    const id = await givenALead(crm);
    const { followUpId } = (await book(id, { title: "Call", dueAt: inDays(1) })).body;

    const reply = await crm
      .as("sales")
      .post(`/customers/${id}/follow-ups/${followUpId}/complete`, { outcome: "great" });

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(JSON.stringify(reply.body.details)).toContain("outcome");
  });

  it.each([
    ["status=later", "status"],
    ["dueBefore=soon", "dueBefore"],
    ["cursor=not-ours", "cursor"],
    ["customerId=42", "customerId"],
  ])("given GET /follow-ups?%s, then 400 naming %s", async (query, field) => {
    const reply = await crm.as("sales").get(`/follow-ups?${query}`);

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(JSON.stringify(reply.body.details)).toContain(field);
  });

  it("given the roles, then analyst and auditor may not book, and the auditor may not read the work list", async () => {
    const id = await givenALead(crm);
    for (const role of ["analyst", "auditor"] as const)
      expect((await book(id, { title: "Call", dueAt: inDays(1) }, crm.as(role))).status).toBe(403);
    expect((await crm.as("auditor").get("/follow-ups")).status).toBe(403);
    for (const role of ["sales", "service", "analyst", "admin"] as const)
      expect((await crm.as(role).get("/follow-ups")).status).toBe(200);
  });
});
