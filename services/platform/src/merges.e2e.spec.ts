import type { RecordedEvent } from "@crm/event-store";
import { describe, expect, it } from "vitest";
import {
  aComplaint,
  anIdempotencyKey,
  anInteraction,
  daysAgo,
  givenALead,
  givenAWonCustomer,
} from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";
import { expectTheFirstAnswerAgain, refusalsOf } from "./testing/thenSteps.ts";

// Contract 9.2: 北京移动 and 中国移动北京 are one customer. The survivor records CustomerMerged, the
// duplicate MergedInto as its last event; the duplicate then refuses every command (422 merged)
// but still answers reads; its keys belong to the survivor; a merge with itself or with a side
// already merged is 422 invalid_transition; of two merges racing in opposite directions one wins.

describe("merging duplicates", () => {
  const crm = platformPerSuite();

  const merge = (
    survivor: string,
    body: unknown,
    role: "sales" | "admin" | "service" | "analyst" = "sales",
  ) => crm.as(role).post(`/customers/${survivor}/merge`, body);
  const refused = refusalsOf(crm);
  const lastEvent = async (id: string) => (await crm.customerStream(id)).at(-1) as RecordedEvent;
  const givenAMergedPair = async () => {
    const survivor = await givenALead(crm);
    const duplicate = await givenALead(crm);
    expect((await merge(survivor, { duplicateId: duplicate })).status).toBe(200);
    return { survivor, duplicate };
  };

  it("given two customers, when sales merges one into the other, then CustomerMerged on the survivor and MergedInto last on the duplicate", async () => {
    const survivor = await givenALead(crm, { company: "中国移动北京" });
    const duplicate = await givenALead(crm, { company: "北京移动" });

    const reply = await merge(survivor, { duplicateId: duplicate, note: "同一家公司" });

    expect(reply).toMatchObject({ status: 200, body: { customerId: survivor, revision: 1 } });
    expect(await lastEvent(survivor)).toMatchObject({
      type: "CustomerMerged",
      data: { schemaVersion: 1, duplicateId: duplicate, note: "同一家公司" },
    });
    expect(await lastEvent(duplicate)).toMatchObject({
      type: "MergedInto",
      data: { schemaVersion: 1, customerId: survivor },
    });
  });

  it("given a merged duplicate, then it still reads with mergedInto set, its history stays, and the survivor reads with mergedInto null", async () => {
    const { survivor, duplicate } = await givenAMergedPair();

    expect((await crm.as("sales").get(`/customers/${duplicate}`)).body).toMatchObject({
      customerId: duplicate,
      mergedInto: survivor,
    });
    expect((await crm.as("sales").get(`/customers/${survivor}`)).body).toMatchObject({ mergedInto: null });
    expect(
      (await crm.as("auditor").get(`/customers/${duplicate}/history`)).body.events.map(
        (e: { type: string }) => e.type,
      ),
    ).toEqual(["LeadCreated", "MergedInto"]);
  });

  it("given a won duplicate with orders and a complaint, when merged, then the survivor reads with its orders, revenue and open complaints, and keeps its own stage", async () => {
    const survivor = await givenALead(crm);
    const duplicate = await givenAWonCustomer(crm, 800);
    expect(
      (await crm.as("sales").post(`/customers/${duplicate}/purchases`, { orderId: "A-1", amount: 200 }))
        .status,
    ).toBe(201);
    expect((await crm.as("service").post(`/customers/${duplicate}/complaints`, aComplaint())).status).toBe(
      201,
    );

    expect((await merge(survivor, { duplicateId: duplicate })).status).toBe(200);

    expect((await crm.as("sales").get(`/customers/${survivor}`)).body).toMatchObject({
      stage: "lead",
      lifecycle: "prospect",
      orders: 2,
      revenue: 1000,
      openComplaints: 1,
    });
  });

  describe("a merged duplicate refuses every command with 422 merged naming the survivor", () => {
    it.each([
      ["PATCH", "", { region: "华北" }],
      ["POST", "/stage", { stage: "qualified" }],
      ["POST", "/interactions", anInteraction()],
      ["POST", "/complaints", aComplaint()],
      ["PUT", "/owner", { ownerId: "rep-7" }],
    ])("%s /customers/{duplicate}%s", async (method, path, payload) => {
      const { survivor, duplicate } = await givenAMergedPair();

      const reply = await refused(
        () => crm.as("admin").send(method, `/customers/${duplicate}${path}`, { payload }),
        422,
        "merged",
      );

      expect(reply.body.details).toEqual({ mergedInto: survivor });
    });

    it("dismissing a pair on the duplicate's stream", async () => {
      const { survivor, duplicate } = await givenAMergedPair();
      const other = await givenALead(crm);

      const reply = await refused(
        () => crm.as("sales").post("/duplicates/dismiss", { customerId: duplicate, candidateId: other }),
        422,
        "merged",
      );
      expect(reply.body.details).toEqual({ mergedInto: survivor });
    });
  });

  describe("merges that cannot happen append nothing", () => {
    it("given a customer merged with itself, then 422 invalid_transition", async () => {
      const id = await givenALead(crm);

      await refused(() => merge(id, { duplicateId: id }), 422, "invalid_transition");
    });

    it("given a duplicate already merged, when merged into another customer, then 422 invalid_transition", async () => {
      const { duplicate } = await givenAMergedPair();
      const other = await givenALead(crm);

      const reply = await refused(() => merge(other, { duplicateId: duplicate }), 422, "invalid_transition");
      expect(reply.body.details).toMatchObject({ mergedInto: expect.any(String) });
    });

    it("given a merged duplicate as the survivor, then 422 invalid_transition", async () => {
      const { duplicate } = await givenAMergedPair();
      const other = await givenALead(crm);

      await refused(() => merge(duplicate, { duplicateId: other }), 422, "invalid_transition");
    });

    it("given an unknown survivor or duplicate, then 404 not_found", async () => {
      const id = await givenALead(crm);

      await refused(() => merge(crypto.randomUUID(), { duplicateId: id }), 404, "not_found");
      const reply = await refused(() => merge(id, { duplicateId: crypto.randomUUID() }), 404, "not_found");
      expect(reply.body.details).toMatchObject({ duplicateId: expect.any(String) });
    });

    it.each([
      [{}, "duplicateId"],
      [{ duplicateId: "not-a-uuid" }, "duplicateId"],
      [{ duplicateId: crypto.randomUUID(), note: 7 }, "note"],
      [{ duplicateId: crypto.randomUUID(), keep: "both" }, "keep"],
    ])("given the body %j, then 400 validation_failed naming %s", async (body, field) => {
      const id = await givenALead(crm);

      const reply = await refused(() => merge(id, body), 400, "validation_failed");
      expect(reply.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    });

    it.each(["service", "analyst"] as const)("given the %s role, then 403 forbidden", async (role) => {
      const [survivor, duplicate] = [await givenALead(crm), await givenALead(crm)];

      await refused(() => merge(survivor, { duplicateId: duplicate }, role), 403, "forbidden");
    });

    it("given a merge dated before the duplicate's latest event, then 422 out_of_order", async () => {
      const survivor = await givenALead(crm, { occurredAt: daysAgo(10) });
      const duplicate = await givenALead(crm, { occurredAt: daysAgo(1) });

      await refused(
        () => merge(survivor, { duplicateId: duplicate, occurredAt: daysAgo(5) }),
        422,
        "out_of_order",
      );
    });
  });

  it("given a merge repeated, then 200 with nothing more appended", async () => {
    const { survivor, duplicate } = await givenAMergedPair();

    const { reply, appended } = await crm.appendedBy(() => merge(survivor, { duplicateId: duplicate }));

    expect(reply).toMatchObject({ status: 200, body: { customerId: survivor, revision: 1 } });
    expect(appended).toEqual([]);
  });

  it("given a merged pair, then a new lead with the duplicate's email, phone or company is a duplicate of the survivor", async () => {
    const mobile = `13${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
    const lead = aLead({ phone: mobile });
    const duplicate = (await crm.as("sales").post("/leads", lead)).body.customerId;
    const survivor = await givenALead(crm);
    expect((await merge(survivor, { duplicateId: duplicate })).status).toBe(200);

    for (const field of [{ email: lead.email }, { phone: `+86 ${mobile}` }, { company: lead.company }])
      expect((await crm.as("sales").post("/leads", aLead(field))).body).toMatchObject({
        error: "duplicate",
        details: { duplicateOf: [survivor] },
      });
  });

  it("given a chain (A merged into B, then B into C), then C carries A's orders and holds A's email", async () => {
    const lead = aLead();
    const a = (await crm.as("sales").post("/leads", lead)).body.customerId;
    expect((await crm.as("sales").post(`/customers/${a}/stage`, { stage: "won", amount: 300 })).status).toBe(
      200,
    );
    const [b, c] = [await givenALead(crm), await givenALead(crm)];

    expect((await merge(b, { duplicateId: a })).status).toBe(200);
    expect((await merge(c, { duplicateId: b })).status).toBe(200);

    expect((await crm.as("sales").get(`/customers/${c}`)).body).toMatchObject({ orders: 1, revenue: 300 });
    expect((await crm.as("sales").post("/leads", aLead({ email: lead.email }))).body).toMatchObject({
      error: "duplicate",
      details: { duplicateOf: [c] },
    });
  });

  it("given a merge sent twice with one Idempotency-Key, then the second gets the first answer and appends nothing", async () => {
    const [survivor, duplicate] = [await givenALead(crm), await givenALead(crm)];
    const headers = anIdempotencyKey();
    const first = await crm
      .as("sales")
      .post(`/customers/${survivor}/merge`, { duplicateId: duplicate }, headers);

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as("sales").post(`/customers/${survivor}/merge`, { duplicateId: duplicate }, headers),
    );

    expectTheFirstAnswerAgain(first, reply, appended);
  });

  it("given a merged referrer, when a lead names it as referrer, then the survivor is credited", async () => {
    const { survivor, duplicate } = await givenAMergedPair();

    const referred = await givenALead(crm, { referredBy: duplicate, source: "referral" });

    const credit = await crm.waitForEvent(
      (event) =>
        event.type === "ReferralCredited" &&
        (event.data as { referredCustomerId: string }).referredCustomerId === referred,
    );
    expect(credit.streamName).toBe(`crm-customer-${survivor}`);
  });

  it("given 10 pairs merged in both directions at once, then each pair ends merged one way only", async () => {
    const pairs = await Promise.all(
      Array.from({ length: 10 }, async () => [await givenALead(crm), await givenALead(crm)] as const),
    );

    const replies = await Promise.all(
      pairs.flatMap(([a, b]) => [merge(a, { duplicateId: b }), merge(b, { duplicateId: a })]),
    );

    for (let i = 0; i < pairs.length; i++) {
      const statuses = [replies[2 * i]?.status, replies[2 * i + 1]?.status].sort();
      expect(statuses).toEqual([200, 422]);
      const [a, b] = pairs[i] as readonly [string, string];
      const merged = [await lastEvent(a), await lastEvent(b)].filter((event) => event.type === "MergedInto");
      expect(merged).toHaveLength(1);
    }
  });

  it("given a merge decided but interrupted before its customer events (a crash), when the platform restarts, then it is completed", async () => {
    const [survivor, duplicate] = [await givenALead(crm), await givenALead(crm)];
    const { eventStore } = crm.platform;
    const log = await eventStore.readStream("crm-merges");
    await eventStore.append(
      "crm-merges",
      [
        {
          eventId: crypto.randomUUID(),
          type: "MergeDecided",
          data: {
            mergeId: crypto.randomUUID(),
            survivorId: survivor,
            duplicateId: duplicate,
            note: null,
            occurredAt: new Date().toISOString(),
            actor: { id: "sales-actor", role: "sales" },
            correlationId: crypto.randomUUID(),
          },
          metadata: { recordedAt: new Date().toISOString() },
        },
      ],
      { expectedRevision: log.at(-1)?.revision ?? "no_stream" },
    );

    await crm.restart();

    expect(await lastEvent(duplicate)).toMatchObject({ type: "MergedInto", data: { customerId: survivor } });
    expect(await lastEvent(survivor)).toMatchObject({
      type: "CustomerMerged",
      data: { duplicateId: duplicate },
    });
  });
});
