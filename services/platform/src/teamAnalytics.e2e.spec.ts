import { beforeAll, describe, expect, it } from "vitest";
import { anInteraction, daysBefore } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract 9.6: time in stage and work per actor, served from the maintained read models and,
// with asOf or knownAt, replayed from the events: both answer alike for the same cut. Search and
// export gain industry, companySize, lifecycle and creation-date filters; search opens to sales
// and service (section 7 change) while export stays with analyst and admin.

const day = daysBefore();
const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

/** An actor's row of the activity view: every count the case does not name is 0. */
const activityOf = (actorId: string, role: string, counts: Record<string, number>) => ({
  actorId,
  role,
  interactions: 0,
  stageMoves: 0,
  wins: 0,
  followUpsCompleted: 0,
  complaintsHandled: 0,
  ...counts,
});

describe("stage velocity and activity over HTTP", () => {
  const crm = platformPerSuite();
  beforeAll(async () => {
    const alice = crm.as({ actorId: "sales-rep-1" });
    const bob = crm.as({ actorId: "sales-rep-2" });
    const service = crm.as("service");
    const quick = (await alice.post("/leads", aLead({ ownerId: "sales-rep-1", occurredAt: day(30) }))).body
      .customerId;
    const slow = (await bob.post("/leads", aLead({ ownerId: "sales-rep-2", occurredAt: day(30) }))).body
      .customerId;
    const steps = [
      () => alice.post(`/customers/${quick}/stage`, { stage: "qualified", occurredAt: day(28) }),
      () => alice.post(`/customers/${quick}/interactions`, anInteraction({ occurredAt: day(27) })),
      () => alice.post(`/customers/${quick}/stage`, { stage: "won", amount: 900, occurredAt: day(23) }),
      () => bob.post(`/customers/${slow}/stage`, { stage: "proposal", occurredAt: day(20) }),
      () =>
        service.post(
          `/customers/${slow}/interactions`,
          anInteraction({ department: "service", occurredAt: day(19) }),
        ),
      () =>
        bob.post(`/customers/${slow}/follow-ups`, { title: "Chase", dueAt: day(12), occurredAt: day(15) }),
    ];
    for (const step of steps) expect((await step()).status).toBeLessThan(300);
    const followUp = (await crm.as("sales").get(`/follow-ups?assigneeId=sales-rep-2`)).body.items[0]
      .followUpId;
    expect(
      (await bob.post(`/customers/${slow}/follow-ups/${followUp}/complete`, { occurredAt: day(12) })).status,
    ).toBe(200);
    expect(
      (
        await bob.post(`/customers/${slow}/stage`, {
          stage: "lost",
          lostReason: "price",
          occurredAt: day(10),
        })
      ).status,
    ).toBe(200);
  });

  it("given two customers' journeys, then stage velocity counts each stay and the lead-to-win cycle", async () => {
    const reply = await crm.as("analyst").get("/views/stage-velocity");

    expect(reply.status).toBe(200);
    expect(reply.body.stages).toEqual([
      { stage: "lead", stays: 2, meanDays: 6, medianDays: 6 },
      { stage: "qualified", stays: 1, meanDays: 5, medianDays: 5 },
      { stage: "proposal", stays: 1, meanDays: 10, medianDays: 10 },
      { stage: "negotiation", stays: 0, meanDays: null, medianDays: null },
    ]);
    expect(reply.body.cycleDays).toEqual({ mean: 7, median: 7 });
    expect(reply.body.window).toEqual({ from: null, to: null });
    const bobs = await crm.admin.get(`/views/stage-velocity${q({ ownerId: "sales-rep-2" })}`);
    expect(bobs.body.stages.map((stage: { stays: number }) => stage.stays)).toEqual([1, 0, 1, 0]);
  });

  it("given the actors' work, then activity counts it per actor, ordered by actorId", async () => {
    const reply = await crm.as("analyst").get(`/views/activity${q({ from: day(29) })}`);

    expect(reply.body.actors).toEqual([
      activityOf("sales-rep-1", "sales", { interactions: 1, stageMoves: 2, wins: 1 }),
      activityOf("sales-rep-2", "sales", { stageMoves: 2, followUpsCompleted: 1 }),
      activityOf("service-actor", "service", { interactions: 1 }),
    ]);
  });

  it.each([
    ["stage-velocity", { from: day(26), to: day(11) }],
    ["stage-velocity", { to: day(21), ownerId: "sales-rep-1" }],
    ["activity", { from: day(25), to: day(11) }],
    ["activity", { to: day(18) }],
  ])(
    "given the %s view for %j, then the read model and the asOf replay answer alike",
    async (view, window) => {
      const maintained = await crm.as("analyst").get(`/views/${view}${q(window)}`);
      const replayed = await crm.as("analyst").get(`/views/${view}${q({ ...window, asOf: window.to })}`);

      expect(maintained.status).toBe(200);
      expect(replayed.body).toEqual(maintained.body);
    },
  );

  it("given knownAt before anything was recorded, then activity knew of no work", async () => {
    const reply = await crm.as("analyst").get(`/views/activity${q({ knownAt: day(40) })}`);

    expect(reply.body.actors).toEqual([]);
  });

  it.each(["sales", "service", "auditor"] as const)(
    "given the %s role, then both views are 403",
    async (role) => {
      expect((await crm.as(role).get("/views/stage-velocity")).status).toBe(403);
      expect((await crm.as(role).get("/views/activity")).status).toBe(403);
    },
  );

  it.each([
    ["stage-velocity", { from: day(1), to: day(2) }, "to"],
    ["activity", { asOf: "tomorrow" }, "asOf"],
    ["activity", { ownerId: "sales-rep-1" }, "ownerId"],
  ])("given /views/%s with %j, then 400 naming %s", async (view, params, field) => {
    const reply = await crm.as("analyst").get(`/views/${view}${q(params)}`);

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(JSON.stringify(reply.body.details)).toContain(field);
  });
});

describe("search and export filters, and who may use them", () => {
  const crm = platformPerSuite();
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const leads = {
      telecom: aLead({ industry: "telecom", companySize: "51-200", occurredAt: day(40) }),
      telecomSmall: aLead({ industry: "telecom", companySize: 12, occurredAt: day(20) }),
      retail: aLead({ industry: "retail", companySize: "51-200", occurredAt: day(5) }),
    };
    for (const [name, lead] of Object.entries(leads))
      ids[name] = (await crm.as("sales").post("/leads", lead)).body.customerId;
    await crm.as("sales").post(`/customers/${ids.retail}/stage`, { stage: "won", amount: 10 });
  });

  const found = async (role: "sales" | "service" | "analyst", params: Record<string, string>) => {
    const reply = await crm.as(role).get(`/customers${q({ limit: "500", ...params })}`);
    expect(reply.status).toBe(200);
    return reply.body.items.map((item: { customerId: string }) => item.customerId).sort();
  };

  it("given industry, companySize, lifecycle and a creation window, then search keeps exactly the matching customers", async () => {
    expect(await found("sales", { industry: "telecom" })).toEqual([ids.telecom, ids.telecomSmall].sort());
    expect(await found("service", { companySize: "51-200" })).toEqual([ids.telecom, ids.retail].sort());
    expect(await found("analyst", { companySize: "12" })).toEqual([ids.telecomSmall]);
    expect(await found("sales", { lifecycle: "customer" })).toEqual([ids.retail]);
    expect(await found("sales", { createdFrom: day(30), createdTo: day(10) })).toEqual([ids.telecomSmall]);
    expect(await found("sales", { industry: "telecom", createdFrom: day(30) })).toEqual([ids.telecomSmall]);
  });

  it("given the same filters, then the CSV export lists the same customers, with companySize", async () => {
    const csv = (
      await crm.as("analyst").get(`/customers/export.csv${q({ industry: "telecom", companySize: "12" })}`)
    ).body as string;
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");

    expect(header?.split(",")).toContain("companySize");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(ids.telecomSmall);
  });

  it("given sales or service, then export stays 403; analyst and admin export", async () => {
    expect((await crm.as("sales").get("/customers/export.csv")).status).toBe(403);
    expect((await crm.as("service").get("/customers/export.csv")).status).toBe(403);
    expect((await crm.as("analyst").get("/customers/export.csv")).status).toBe(200);
    expect((await crm.admin.get("/customers/export.csv")).status).toBe(200);
    expect((await crm.as("auditor").get("/customers")).status).toBe(403);
  });

  it.each([
    [{ createdFrom: "last week" }, "createdFrom"],
    [{ createdFrom: day(1), createdTo: day(2) }, "createdTo"],
    [{ lifecycle: "vip" }, "lifecycle"],
    [{ industry: "" }, "industry"],
  ])("given %j, then search and export answer 400 naming %s", async (params, field) => {
    for (const url of ["/customers", "/customers/export.csv"]) {
      const reply = await crm.admin.get(`${url}${q(params)}`);
      expect(reply, url).toMatchObject({ status: 400, body: { error: "validation_failed" } });
      expect(JSON.stringify(reply.body.details)).toContain(field);
    }
  });
});
