import { describe, expect, it } from "vitest";
import {
  anIdempotencyKey,
  anInteraction,
  givenAComplaint,
  givenALead,
  givenAWonCustomer,
} from "./testing/customerFixtures.ts";
import { platformPerTest } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract sections 2 and 8: an accepted command survives a restart; when the event store is down
// a command is `503 unavailable` with Retry-After, nothing is recorded, and nothing accepted before
// is lost.

describe("durability", () => {
  const crm = platformPerTest();

  const snapshot = async (id: string) => ({
    customer: (await crm.admin.get(`/customers/${id}`)).body,
    history: (await crm.admin.get(`/customers/${id}/history`)).body,
  });

  it("given customers with every kind of command accepted, when the platform restarts, then each reads back exactly as before", async () => {
    const won = await givenAWonCustomer(crm, 640);
    await crm.as("sales").post(`/customers/${won}/purchases`, { orderId: "SO-1", amount: 80 });
    await crm.as("sales").post(`/customers/${won}/interactions`, anInteraction());
    await crm.as("sales").put(`/customers/${won}/owner`, { ownerId: "rep-4" });
    const complained = await givenALead(crm);
    const complaintId = await givenAComplaint(crm, complained, { acknowledged: true });
    await crm.as("service").post(`/customers/${complained}/complaints/${complaintId}/resolve`, {
      resolution: "Refunded",
      compensation: 12,
    });
    const before = [await snapshot(won), await snapshot(complained)];
    const eventsBefore = await crm.allEvents();

    await crm.restart();

    expect([await snapshot(won), await snapshot(complained)]).toEqual(before);
    expect((await crm.allEvents()).slice(0, eventsBefore.length)).toEqual(eventsBefore);
  });

  it("given leads on file before a restart, then after it their duplicates are still refused and near matches still flagged", async () => {
    const email = `${crypto.randomUUID().slice(0, 8)}@kept.example`;
    const exact = await givenALead(crm, { email });
    const near = await givenALead(crm, { company: "中国移动北京", email: null });

    await crm.restart();

    expect(await crm.as("sales").post("/leads", aLead({ email }))).toMatchObject({
      status: 409,
      body: { error: "duplicate", details: { duplicateOf: [exact] } },
    });
    expect(await crm.as("sales").post("/leads", aLead({ company: "北京移动", email: null }))).toMatchObject({
      status: 201,
      body: { possibleDuplicates: [near] },
    });
  });

  it("given the event store is down, when commands are sent, then 503 unavailable with Retry-After, and after a restart everything accepted before is there and nothing refused is", async () => {
    const id = await givenAWonCustomer(crm);
    const before = await snapshot(id);
    const eventsBefore = await crm.allEvents();

    await crm.platform.eventStore.close();
    const refused = [
      await crm.as("sales").post(`/customers/${id}/interactions`, anInteraction()),
      await crm.as("sales").post(`/customers/${id}/purchases`, { orderId: "SO-503", amount: 10 }),
      await crm.as("sales").post("/leads", aLead()),
      await crm.as("sales").post("/leads", aLead(), { "idempotency-key": "while-down" }),
      await crm.as("sales").get(`/customers/${id}`),
    ];

    for (const reply of refused) {
      expect(reply).toMatchObject({
        status: 503,
        body: { error: "unavailable", message: expect.any(String) },
      });
      expect(Number(reply.headers["retry-after"])).toBeGreaterThan(0);
    }
    await crm.restart();
    expect(await snapshot(id)).toEqual(before);
    expect(await crm.allEvents()).toEqual(eventsBefore);
  });

  it("given a keyed command refused with 503, when it is retried with the same key once the store is back, then it is carried out", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    await crm.platform.eventStore.close();
    const down = await crm.as("sales").post(`/customers/${id}/stage`, { stage: "qualified" }, key);
    expect(down.status).toBe(503);
    await crm.restart();

    const retried = await crm.as("sales").post(`/customers/${id}/stage`, { stage: "qualified" }, key);

    expect(retried).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
  });

  it("given bad input while the store is down, then it is still told 400, not 503", async () => {
    await crm.platform.eventStore.close();

    const reply = await crm.as("sales").post("/leads", aLead({ source: "tv" }));

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
  });
});
