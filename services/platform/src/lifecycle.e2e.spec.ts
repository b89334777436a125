import { describe, expect, it } from "vitest";
import { givenALead, givenALostLead, givenAWonCustomer } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// Contract section 1: the lifecycle stage is derived from the history, never commanded
// (first match wins: churned, lost, prospect, advocate, repeat, customer); no owner is the pool.

describe("lifecycle stages, derived over HTTP", () => {
  const crm = platformPerSuite();

  const read = async (id: string) => (await crm.as("sales").get(`/customers/${id}`)).body;
  const move = async (id: string, body: Record<string, unknown>) =>
    expect((await crm.as("sales").post(`/customers/${id}/stage`, body)).status).toBe(200);
  const purchase = async (id: string, amount: number) =>
    expect(
      (await crm.as("sales").post(`/customers/${id}/purchases`, { orderId: crypto.randomUUID(), amount }))
        .status,
    ).toBe(201);
  /** A lead that names the customer as its referrer, and the reactor's credit for it. */
  const givenAReferralBy = async (referrerId: string) => {
    const referred = await givenALead(crm, { referredBy: referrerId, source: "referral" });
    await crm.waitForEvent(
      (event) =>
        event.type === "ReferralCredited" &&
        (event.data as { referredCustomerId: string }).referredCustomerId === referred,
    );
  };

  it("given a new lead, then it is a prospect", async () => {
    expect(await read(await givenALead(crm))).toMatchObject({ stage: "lead", lifecycle: "prospect" });
  });

  it("given a lead moved to negotiation, then it is still a prospect", async () => {
    const id = await givenALead(crm);
    await move(id, { stage: "negotiation" });

    expect(await read(id)).toMatchObject({ stage: "negotiation", lifecycle: "prospect" });
  });

  it("given a won lead, then it is a customer with one order worth the win", async () => {
    const id = await givenAWonCustomer(crm, 900);

    expect(await read(id)).toMatchObject({ stage: "won", lifecycle: "customer", orders: 1, revenue: 900 });
  });

  it("given a customer with a second order, then it is repeat", async () => {
    const id = await givenAWonCustomer(crm, 900);
    await purchase(id, 100.1);

    expect(await read(id)).toMatchObject({ lifecycle: "repeat", orders: 2, revenue: 1000.1 });
  });

  it("given a customer who referred a lead, then it is an advocate, even with repeat orders", async () => {
    const id = await givenAWonCustomer(crm);
    await purchase(id, 10);
    await givenAReferralBy(id);

    expect(await read(id)).toMatchObject({ lifecycle: "advocate", referrals: 1, orders: 2 });
  });

  it("given an open lead who referred someone, then it stays a prospect with the referral counted", async () => {
    const id = await givenALead(crm);
    await givenAReferralBy(id);

    expect(await read(id)).toMatchObject({ lifecycle: "prospect", referrals: 1 });
  });

  it("given a lead lost before it was ever won, then it is lost", async () => {
    expect(await read(await givenALostLead(crm))).toMatchObject({ stage: "lost", lifecycle: "lost" });
  });

  it("given a customer lost after the sale, then it is churned", async () => {
    const id = await givenAWonCustomer(crm);
    await move(id, { stage: "lost", lostReason: "competitor", lostNote: "Went with a cheaper vendor" });

    expect(await read(id)).toMatchObject({ stage: "lost", lifecycle: "churned", orders: 1 });
  });

  it("given a churned customer won back, then it is a prospect while reopened and a repeat customer once won again", async () => {
    const id = await givenAWonCustomer(crm, 500);
    await move(id, { stage: "lost", lostReason: "price" });

    await move(id, { stage: "qualified" });
    expect(await read(id)).toMatchObject({ stage: "qualified", lifecycle: "prospect" });

    await move(id, { stage: "won", amount: 700 });
    expect(await read(id)).toMatchObject({ stage: "won", lifecycle: "repeat", orders: 2, revenue: 1200 });
  });

  it("given a lost lead, when reopened as a lead, then it is a prospect again", async () => {
    const id = await givenALostLead(crm);
    await move(id, { stage: "lead" });

    expect(await read(id)).toMatchObject({ stage: "lead", lifecycle: "prospect" });
  });
});

describe("owners and the shared pool", () => {
  const crm = platformPerSuite();

  // A manager moves customers between reps (contract 9.3: sales hands over only its own or pool ones).
  const owner = (id: string, ownerId: string | null) => crm.admin.put(`/customers/${id}/owner`, { ownerId });
  const ownerOf = async (id: string) => (await crm.as("sales").get(`/customers/${id}`)).body.ownerId;

  it("given a lead created without an owner, then it is in the pool (ownerId null)", async () => {
    expect(await ownerOf(await givenALead(crm))).toBeNull();
  });

  it("given a lead in the pool, when a manager assigns it and then releases it, then the owner follows and the history keeps both", async () => {
    const id = await givenALead(crm);

    expect((await owner(id, "rep-3")).status).toBe(200);
    expect(await ownerOf(id)).toBe("rep-3");

    expect((await owner(id, null)).status).toBe(200);
    expect(await ownerOf(id)).toBeNull();

    const history = (await crm.as("auditor").get(`/customers/${id}/history`)).body.events;
    expect(
      history.slice(1).map((event: { type: string; data: unknown }) => [event.type, event.data]),
    ).toEqual([
      ["OwnerAssigned", expect.objectContaining({ ownerId: "rep-3", previousOwnerId: null })],
      ["OwnerAssigned", expect.objectContaining({ ownerId: null, previousOwnerId: "rep-3" })],
    ]);
  });

  it("given a lead created with an owner, when reassigned, then the new owner holds it", async () => {
    const id = await givenALead(crm, { ownerId: "rep-1" });
    await owner(id, "rep-2");

    expect(await ownerOf(id)).toBe("rep-2");
  });
});
