import { describe, expect, it } from "vitest";
import { anIdempotencyKey, anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";
import { expectTheFirstAnswerAgain } from "./testing/thenSteps.ts";

// Contract section 2: a repeat with the same Idempotency-Key and the same body returns the first
// response (same status and body, refusals included) and appends nothing; the same key with a
// different body is `422 idempotency_key_reused`.

const customerEvents = (events: Array<{ streamName: string }>) =>
  events.filter((event) => event.streamName.startsWith("crm-customer-"));

describe("Idempotency-Key", () => {
  const crm = platformPerSuite();

  it("given a created lead, when the request is repeated with its key, then the same 201 and body come back and nothing is appended", async () => {
    const key = anIdempotencyKey();
    const body = aLead();
    const first = await crm.as("sales").post("/leads", body, key);
    expect(first.status).toBe(201);

    const { reply, appended } = await crm.appendedBy(() => crm.as("sales").post("/leads", { ...body }, key));

    expectTheFirstAnswerAgain(first, reply, appended);
  });

  it("given a logged interaction, when repeated with its key and the fields in another order, then the same interactionId comes back", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    const first = await crm.as("sales").post(`/customers/${id}/interactions`, anInteraction(), key);
    const { summary, ...rest } = anInteraction();

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as("sales").post(`/customers/${id}/interactions`, { summary, ...rest }, key),
    );

    expect(first.status).toBe(201);
    expectTheFirstAnswerAgain(first, reply, appended);
    expect((await crm.customerStream(id)).filter((event) => event.type === "InteractionLogged")).toHaveLength(
      1,
    );
  });

  it("given a refused command, when it is repeated with its key after the refusal no longer applies, then the first refusal comes back and nothing is appended", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    const purchase = () =>
      crm.as("sales").post(`/customers/${id}/purchases`, { orderId: "SO-1", amount: 40 }, key);
    const { reply: refusal, appended: byRefusal } = await crm.appendedBy(purchase);
    expect(refusal).toMatchObject({ status: 422, body: { error: "not_a_customer" } });
    expect(customerEvents(byRefusal)).toEqual([]);
    expect((await crm.as("sales").post(`/customers/${id}/stage`, { stage: "won", amount: 100 })).status).toBe(
      200,
    );

    const { reply, appended } = await crm.appendedBy(purchase);

    expectTheFirstAnswerAgain(refusal, reply, appended);
  });

  it("given a used key, when it comes with a different body, then 422 idempotency_key_reused and nothing is appended", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    expect((await crm.as("sales").post(`/customers/${id}/stage`, { stage: "qualified" }, key)).status).toBe(
      200,
    );

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as("sales").post(`/customers/${id}/stage`, { stage: "proposal" }, key),
    );

    expect(reply).toMatchObject({
      status: 422,
      body: { error: "idempotency_key_reused", message: expect.any(String) },
    });
    expect(appended).toEqual([]);
  });

  it("given a used key, when it comes on another command, then 422 idempotency_key_reused", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    expect((await crm.as("sales").post(`/customers/${id}/stage`, { stage: "qualified" }, key)).status).toBe(
      200,
    );

    const reply = await crm.as("sales").put(`/customers/${id}/owner`, { ownerId: "rep-5" }, key);

    expect(reply).toMatchObject({ status: 422, body: { error: "idempotency_key_reused" } });
  });

  it("given a key used by one API client, when another client uses the same key, then its request is its own", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    const first = await crm.as("sales").post(`/customers/${id}/interactions`, anInteraction(), key);

    const other = await crm.as("service").post(`/customers/${id}/interactions`, anInteraction(), key);

    expect(other.status).toBe(201);
    expect(other.body.interactionId).not.toBe(first.body.interactionId);
  });

  it("given a keyed command, when the platform restarts and the request is repeated, then the first answer still comes back", async () => {
    const id = await givenALead(crm);
    const key = anIdempotencyKey();
    const first = await crm.as("sales").post(`/customers/${id}/stage`, { stage: "proposal" }, key);
    await crm.restart();

    const { reply, appended } = await crm.appendedBy(() =>
      crm.as("sales").post(`/customers/${id}/stage`, { stage: "proposal" }, key),
    );

    expect(first.status).toBe(200);
    expectTheFirstAnswerAgain(first, reply, appended);
  });

  it("given a keyed command, when repeated just within 24 h, then it is replayed, and once 24 h have passed the key is free again", async () => {
    const start = Date.now() - 3 * 86_400_000;
    const at = (hours: number) => new Date(start + hours * 3600_000).toISOString();
    const key = anIdempotencyKey();
    const body = anInteraction({ occurredAt: at(0) });
    try {
      crm.clock.set(at(0));
      const id = await givenALead(crm, { occurredAt: at(0) });
      const first = await crm.as("sales").post(`/customers/${id}/interactions`, body, key);

      crm.clock.set(at(23.99));
      const { reply: replayed, appended } = await crm.appendedBy(() =>
        crm.as("sales").post(`/customers/${id}/interactions`, body, key),
      );
      expect(replayed.body).toEqual(first.body);
      expect(appended).toEqual([]);

      crm.clock.set(at(24.01));
      const fresh = await crm.as("sales").post(`/customers/${id}/interactions`, body, key);
      expect(fresh.status).toBe(201);
      expect(fresh.body.interactionId).not.toBe(first.body.interactionId);
    } finally {
      crm.clock.release();
    }
  });
});
