import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it } from "vitest";
import { anIdempotencyKey, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { expectTheFirstAnswerAgain } from "./testing/thenSteps.ts";

// Contract 9.3, the shared pool (公海): claim, release, and who may hand a customer over.
// Of simultaneous claims exactly one wins; every refusal appends nothing.

const rep = (n: number) => ({ actorId: `sales-rep-${n}` });

describe("the shared pool", () => {
  const crm = platformPerSuite();
  /** Replicas a test starts, closed after it even when it failed. */
  const started = stopAfterEach();

  const ownerAssignments = async (customerId: string) =>
    (await crm.customerStream(customerId))
      .filter((event) => event.type === "OwnerAssigned")
      .map((event) => ({ data: event.data, actor: (event.metadata as { actor: unknown }).actor }));

  it("given a customer in the pool, when a rep claims it, then 200, the rep owns it and OwnerAssigned says claimed", async () => {
    const id = await givenALead(crm);

    const reply = await crm.as(rep(1)).post(`/customers/${id}/claim`);

    expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
    expect((await crm.as(rep(1)).get(`/customers/${id}`)).body.ownerId).toBe("sales-rep-1");
    expect(await ownerAssignments(id)).toEqual([
      {
        data: {
          schemaVersion: 2,
          ownerId: "sales-rep-1",
          previousOwnerId: null,
          reason: "claimed",
          note: null,
        },
        actor: { id: "sales-rep-1", role: "sales" },
      },
    ]);
  });

  it("given an owned customer, when another rep claims it, then 409 already_owned with details.ownerId and nothing is appended", async () => {
    const id = await givenALead(crm, { ownerId: "sales-rep-1" });

    const { reply, appended } = await crm.appendedBy(() => crm.as(rep(2)).post(`/customers/${id}/claim`));

    expect(reply).toMatchObject({
      status: 409,
      body: { error: "already_owned", details: { ownerId: "sales-rep-1" } },
    });
    expect(appended).toEqual([]);
  });

  it("given 20 reps claiming one pool customer at once, then exactly one 200 and 19 409 already_owned naming the winner", async () => {
    const id = await givenALead(crm);

    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) => crm.as(rep(n + 1)).post(`/customers/${id}/claim`)),
    );

    const won = replies.flatMap((reply, n) => (reply.status === 200 ? [`sales-rep-${n + 1}`] : []));
    expect(won).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 200))
      expect(reply).toMatchObject({
        status: 409,
        body: { error: "already_owned", details: { ownerId: won[0] } },
      });
    expect(await ownerAssignments(id)).toHaveLength(1);
  });

  it("given a claim repeated with its Idempotency-Key (the answer was lost), then the first 200 comes back and nothing more is appended", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    const first = await crm.as(rep(1)).post(`/customers/${id}/claim`, {}, key);

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as(rep(1)).post(`/customers/${id}/claim`, {}, key),
    );

    expect(first.status).toBe(200);
    expectTheFirstAnswerAgain(first, reply, appended);
    expect((await crm.as(rep(1)).post(`/customers/${id}/claim`)).body).toMatchObject({
      error: "already_owned",
    });
  });

  it("given two API instances on one event store, when 20 reps claim through both at once, then exactly one wins", async () => {
    const replica = started(await crm.startReplica());
    const id = await givenALead(crm);

    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 === 0 ? crm.as(rep(n + 1)) : replica.as(rep(n + 1))).post(`/customers/${id}/claim`),
      ),
    );

    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 409)).toHaveLength(19);
    expect(await ownerAssignments(id)).toHaveLength(1);
  });

  it("given a rep's customer, when the rep releases it with a note, then it is back in the pool and sales and service find it with pool=true", async () => {
    const id = await givenALead(crm, {
      ownerId: "sales-rep-3",
      name: `Released ${crypto.randomUUID().slice(0, 6)}`,
    });

    const reply = await crm.as(rep(3)).post(`/customers/${id}/release`, { note: "客户已转向竞争对手" });

    expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
    expect((await ownerAssignments(id)).at(-1)?.data).toEqual({
      schemaVersion: 2,
      ownerId: null,
      previousOwnerId: "sales-rep-3",
      reason: "released",
      note: "客户已转向竞争对手",
    });
    for (const role of ["sales", "service"] as const) {
      const found = await crm.as(role).get(`/customers?pool=true&limit=500`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((item: { customerId: string }) => item.customerId)).toContain(id);
    }
  });

  it("given a rep's customer, when another rep releases it, then 403 and nothing is appended; admin may release it", async () => {
    const id = await givenALead(crm, { ownerId: "sales-rep-4" });

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as(rep(5)).post(`/customers/${id}/release`, {}),
    );
    expect(reply).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(appended).toEqual([]);

    expect((await crm.admin.post(`/customers/${id}/release`)).status).toBe(200);
  });

  it("given a customer in the pool, when it is released, then 422 invalid_transition and nothing is appended", async () => {
    const id = await givenALead(crm);

    const { reply, appended } = await crm.appendedBy(() => crm.admin.post(`/customers/${id}/release`, {}));

    expect(reply).toMatchObject({ status: 422, body: { error: "invalid_transition" } });
    expect(appended).toEqual([]);
  });

  it("given another rep's customer, when sales hands it over with PUT /owner, then 403 and nothing is appended", async () => {
    const id = await givenALead(crm, { ownerId: "sales-rep-6" });

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as(rep(7)).put(`/customers/${id}/owner`, { ownerId: "sales-rep-7" }),
    );

    expect(reply).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(appended).toEqual([]);
  });

  it("given its own customer or a pool customer, when sales hands it over, then 200 with reason assigned; admin may reassign any", async () => {
    const own = await givenALead(crm, { ownerId: "sales-rep-8" });
    const pooled = await givenALead(crm);
    const others = await givenALead(crm, { ownerId: "sales-rep-9" });

    expect((await crm.as(rep(8)).put(`/customers/${own}/owner`, { ownerId: "sales-rep-10" })).status).toBe(
      200,
    );
    expect((await crm.as(rep(8)).put(`/customers/${pooled}/owner`, { ownerId: "sales-rep-10" })).status).toBe(
      200,
    );
    expect((await crm.admin.put(`/customers/${others}/owner`, { ownerId: "sales-rep-10" })).status).toBe(200);
    expect((await ownerAssignments(own)).at(-1)?.data).toMatchObject({
      ownerId: "sales-rep-10",
      previousOwnerId: "sales-rep-8",
      reason: "assigned",
    });
  });

  it.each([
    ["claim", { note: "not a claim field" }, "note"],
    ["claim", { occurredAt: "yesterday" }, "occurredAt"],
    ["release", { note: "x".repeat(5001) }, "note"],
    ["release", { reason: "idle" }, "reason"],
  ])(
    "given a %s with %j, then 400 validation_failed naming %s and nothing is appended",
    async (action, body, field) => {
      const id = await givenALead(crm, { ownerId: "sales-actor" });

      const { reply, appended } = await crm.appendedBy(() =>
        crm.as("sales").post(`/customers/${id}/${action}`, body),
      );

      expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
      expect(JSON.stringify(reply.body.details)).toContain(field);
      expect(appended).toEqual([]);
    },
  );

  it.each(["claim", "release"])("given an unknown customer, when %s, then 404 not_found", async (action) => {
    const reply = await crm.admin.post(`/customers/${crypto.randomUUID()}/${action}`);

    expect(reply).toMatchObject({ status: 404, body: { error: "not_found" } });
  });

  it.each(["service", "analyst", "auditor"] as const)(
    "given the %s role, when it claims or releases, then 403",
    async (role) => {
      const id = await givenALead(crm);
      expect((await crm.as(role).post(`/customers/${id}/claim`)).status).toBe(403);
      expect((await crm.as(role).post(`/customers/${id}/release`)).status).toBe(403);
    },
  );
});
