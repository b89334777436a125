import { chainHash, customerStreamName } from "@crm/domain";
import { openedPerSuite } from "@crm/testing/specs";
import { describe, expect, it } from "vitest";
import { aComplaint, anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { openEventsFile } from "./testing/eventsFile.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { statusByRole } from "./testing/thenSteps.ts";

// Contract sections 3 and 4, verify: the chain is recomputed from the events as stored.
// Each case tampers with the event store's SQLite file directly, as someone with access
// to the disk could, and the API must name the first revision that no longer holds.

describe("verifying a customer's hash chain over HTTP", () => {
  const crm = platformPerSuite();
  const events = openedPerSuite(
    () => openEventsFile(crm.dataDir),
    (file) => file.close(),
  );

  /** A customer with five events: lead, interaction, won, complaint, purchase. */
  const givenACustomer = async () => {
    const sales = crm.as("sales");
    const id = await givenALead(crm);
    await sales.post(`/customers/${id}/interactions`, anInteraction());
    await sales.post(`/customers/${id}/stage`, { stage: "won", amount: 1200 });
    await crm.as("service").post(`/customers/${id}/complaints`, aComplaint());
    await sales.post(`/customers/${id}/purchases`, { orderId: "SO-1", amount: 80 });
    return id;
  };
  const verify = async (id: string, role: "auditor" | "admin" = "auditor") => {
    const reply = await crm.as(role).get(`/customers/${id}/verify`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body;
  };
  /** Changes the file behind the platform's back; `$stream` in the SQL is the customer's stream. */
  const tamper = (sql: string, id: string, params: Record<string, string | number> = {}) =>
    events.tamper(sql, { stream: customerStreamName(id), ...params });

  it("given an untouched stream, then valid, with its number of events", async () => {
    const id = await givenACustomer();

    expect(await verify(id)).toEqual({ valid: true, events: 5 });
    expect(await verify(id, "admin")).toEqual({ valid: true, events: 5 });
  });

  it.each([
    [
      "a payload changed in the file",
      "UPDATE events SET data = json_set(data, '$.amount', 12000) WHERE stream_name = $stream AND revision = 2",
      2,
    ],
    [
      "the actor in the metadata changed",
      "UPDATE events SET metadata = json_set(metadata, '$.actor.id', 'admin-actor') WHERE stream_name = $stream AND revision = 1",
      1,
    ],
  ])("given %s, then invalid, broken at that revision", async (_change, sql, brokenAt) => {
    const id = await givenACustomer();
    tamper(sql, id);

    expect(await verify(id)).toEqual({ valid: false, events: 5, brokenAt });
  });

  it("given an edit whose forger also recomputed that event's hash, then the next event no longer links to it", async () => {
    const id = await givenACustomer();
    const row = events.row(
      "SELECT type, data, metadata FROM events WHERE stream_name = ? AND revision = 1",
      customerStreamName(id),
    ) as { type: string; data: string; metadata: string };
    const data = { ...JSON.parse(row.data), summary: "Customer said the price was fine" };
    const metadata = JSON.parse(row.metadata);
    const forged = { ...metadata, hash: chainHash({ type: row.type, data, metadata }) };
    tamper(
      "UPDATE events SET data = $data, metadata = $metadata WHERE stream_name = $stream AND revision = 1",
      id,
      { data: JSON.stringify(data), metadata: JSON.stringify(forged) },
    );

    expect(await verify(id)).toEqual({ valid: false, events: 5, brokenAt: 2 });
  });

  it("given two events swapped in order, then invalid, broken at the first of them", async () => {
    const id = await givenACustomer();
    // Through a spare revision: the store allows one event per (stream, revision).
    const swap = "UPDATE events SET revision = $to WHERE stream_name = $stream AND revision = $from";
    tamper(swap, id, { from: 1, to: -1 });
    tamper(swap, id, { from: 2, to: 1 });
    tamper(swap, id, { from: -1, to: 2 });

    expect(await verify(id)).toEqual({ valid: false, events: 5, brokenAt: 1 });
  });

  it("given an event deleted, then invalid, broken at the revision that is missing", async () => {
    const id = await givenACustomer();
    tamper("DELETE FROM events WHERE stream_name = $stream AND revision = 3", id);

    expect(await verify(id)).toEqual({ valid: false, events: 4, brokenAt: 3 });
  });

  it("given another customer's stream tampered with, then this one is still valid", async () => {
    const untouched = await givenACustomer();
    const tampered = await givenACustomer();
    tamper("DELETE FROM events WHERE stream_name = $stream AND revision = 0", tampered);

    expect(await verify(tampered)).toEqual({ valid: false, events: 4, brokenAt: 0 });
    expect(await verify(untouched)).toEqual({ valid: true, events: 5 });
  });

  it("given an unknown customer, then 404 not_found", async () => {
    const reply = await crm.as("auditor").get(`/customers/${crypto.randomUUID()}/verify`);

    expect(reply.status).toBe(404);
    expect(reply.body.error).toBe("not_found");
  });

  it.each(statusByRole(["auditor", "admin"]))("given role %s, then %i", async (role, status) => {
    const id = await givenACustomer();

    expect((await crm.as(role).get(`/customers/${id}/verify`)).status).toBe(status);
  });
});
