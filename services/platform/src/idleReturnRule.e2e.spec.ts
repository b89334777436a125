import type { RecordedEvent } from "@crm/event-store";
import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it } from "vitest";
import { anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// Contract 9.3, the return rule: a customer with an owner and an open stage that saw no activity
// for CRM_POOL_IDLE_DAYS days goes back to the pool, by the platform itself, once per idle
// period: never twice after a restart, nor with two instances on one event store.

const DAY_MS = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

const isIdleReturn = (event: RecordedEvent) =>
  event.type === "OwnerAssigned" && (event.data as { reason: string }).reason === "idle";

describe("the idle-return rule", () => {
  const crm = platformPerSuite({ pool: { idleDays: 30 } });
  /** Replicas a test starts, closed after it even when it failed. */
  const started = stopAfterEach();

  const idleReturns = async (customerId: string) =>
    (await crm.customerStream(customerId)).filter(isIdleReturn);

  it("given an owner quiet for 31 days, when the platform restarts twice, then the customer is back in the pool exactly once, by system:pool-rule", async () => {
    crm.clock.release();
    const quiet = await givenALead(crm, { ownerId: "sales-rep-1" });
    const busy = await givenALead(crm, { ownerId: "sales-rep-2" });
    const won = await givenALead(crm, { ownerId: "sales-rep-3" });
    expect((await crm.as("sales").post(`/customers/${won}/stage`, { stage: "won", amount: 10 })).status).toBe(
      200,
    );

    crm.clock.set(daysFromNow(20));
    expect((await crm.as("sales").post(`/customers/${busy}/interactions`, anInteraction())).status).toBe(201);
    crm.clock.set(daysFromNow(31));
    await crm.restart();
    await crm.restart();

    const returned = await idleReturns(quiet);
    expect(returned).toHaveLength(1);
    expect(returned[0]?.data).toEqual({
      schemaVersion: 2,
      ownerId: null,
      previousOwnerId: "sales-rep-1",
      reason: "idle",
      note: null,
    });
    expect(returned[0]?.metadata).toMatchObject({ actor: { id: "system:pool-rule", role: "system" } });
    expect((await crm.admin.get(`/customers/${quiet}`)).body.ownerId).toBeNull();
    // An interaction 11 days ago keeps the owner; a won customer is no longer the pool's business.
    expect(await idleReturns(busy)).toEqual([]);
    expect(await idleReturns(won)).toEqual([]);
  });

  it("given a customer claimed after an idle return, then its next idle period returns it once more, and only once", async () => {
    crm.clock.release();
    const id = await givenALead(crm, { ownerId: "sales-rep-4" });
    crm.clock.set(daysFromNow(31));
    await crm.restart();
    expect(await idleReturns(id)).toHaveLength(1);

    expect((await crm.as({ actorId: "sales-rep-5" }).post(`/customers/${id}/claim`)).status).toBe(200);
    await crm.restart();
    expect(await idleReturns(id)).toHaveLength(1);

    crm.clock.set(daysFromNow(62));
    await crm.restart();
    await crm.restart();
    const returned = await idleReturns(id);
    expect(returned.map((event) => (event.data as { previousOwnerId: string }).previousOwnerId)).toEqual([
      "sales-rep-4",
      "sales-rep-5",
    ]);
  });

  it("given a completed follow-up 10 days ago, then the owner keeps the customer", async () => {
    crm.clock.release();
    const id = await givenALead(crm, { ownerId: "sales-rep-6" });
    const booked = await crm
      .as({ actorId: "sales-rep-6" })
      .post(`/customers/${id}/follow-ups`, { title: "Send the contract", dueAt: daysFromNow(25) });
    crm.clock.set(daysFromNow(25));
    const done = await crm
      .as({ actorId: "sales-rep-6" })
      .post(`/customers/${id}/follow-ups/${booked.body.followUpId}/complete`, {});
    expect(done.status).toBe(200);

    crm.clock.set(daysFromNow(35));
    await crm.restart();

    expect(await idleReturns(id)).toEqual([]);
  });

  it("given two API instances on one event store, when both run the rule at once, then each idle customer is returned once", async () => {
    crm.clock.release();
    const ids = await Promise.all(
      Array.from({ length: 5 }, (_, n) => givenALead(crm, { ownerId: `sales-rep-${n + 10}` })),
    );
    const first = started(await crm.startReplica({ projectReadModels: true }));
    const second = started(await crm.startReplica({ projectReadModels: true }));
    crm.clock.set(daysFromNow(40));

    const passes = await Promise.all([
      first.idleReturnRule.runOnce(),
      second.idleReturnRule.runOnce(),
      crm.platform.idleReturnRule.runOnce(),
    ]);

    for (const id of ids) expect(await idleReturns(id), id).toHaveLength(1);
    expect(
      passes
        .flat()
        .filter((id) => ids.includes(id))
        .sort(),
    ).toEqual([...ids].sort());
  });
});

describe("the idle-return rule racing the owner's own work", () => {
  const crm = platformPerSuite({ pool: { idleDays: 30 } });
  /** Replicas a test starts, closed after it even when it failed. */
  const started = stopAfterEach();

  it("given calls logged on a second instance while the rule runs, then no customer is returned after a call it did not see", async () => {
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, n) => givenALead(crm, { ownerId: `sales-rep-${n + 1}` })),
    );
    const replica = started(await crm.startReplica());
    crm.clock.set(daysFromNow(31));

    await Promise.all([
      crm.platform.idleReturnRule.runOnce(),
      ...ids.map((id, n) =>
        replica.as({ actorId: `sales-rep-${n + 1}` }).post(`/customers/${id}/interactions`, anInteraction()),
      ),
    ]);

    for (const id of ids) {
      const stream = await crm.customerStream(id);
      const returnedAt = stream.findIndex(isIdleReturn);
      const calledAt = stream.findIndex((event) => event.type === "InteractionLogged");
      // Either the call came first and the rule, deciding on it, left the customer alone, or the
      // rule returned it first and the call came after: never a return decided over a call.
      if (returnedAt !== -1) expect(calledAt, id).toBeGreaterThan(returnedAt);
      expect(calledAt, id).not.toBe(-1);
    }
  });
});

describe("CRM_POOL_IDLE_DAYS", () => {
  const crm = platformPerSuite({ pool: { idleDays: 7 } });

  it("given 7 idle days configured, then an owner quiet for 8 days loses the customer and one quiet for 6 keeps it", async () => {
    const quiet = await givenALead(crm, { ownerId: "sales-rep-1" });
    crm.clock.set(daysFromNow(2));
    const recent = await givenALead(crm, { ownerId: "sales-rep-2" });
    crm.clock.set(daysFromNow(8));

    await crm.restart();

    expect((await crm.customerStream(quiet)).filter(isIdleReturn)).toHaveLength(1);
    expect((await crm.customerStream(recent)).filter(isIdleReturn)).toHaveLength(0);
  });
});
