import { describe, expect, it } from "vitest";
import { daysAgo, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";
import { expectOneWinnerOfTheRace, refusalsOf } from "./testing/thenSteps.ts";

// Contract 9.1: a rep corrects a profile. Only changed fields are recorded (from/to), null clears a
// field but not the name, a change to nothing appends nothing, and the duplicate keys follow the
// profile: a new email, phone or organisation held by another customer is 409 duplicate (also when
// 20 customers are changed to one email at once), an old one is free for the next lead.

const unique = () => crypto.randomUUID().slice(0, 8);

describe("profile changes", () => {
  const crm = platformPerSuite();

  const patch = (
    id: string,
    payload: unknown,
    role: "sales" | "service" | "admin" | "analyst" | "auditor" = "sales",
    headers: Record<string, string> = {},
  ) => crm.as(role).send("PATCH", `/customers/${id}`, { payload, headers });
  const refused = refusalsOf(crm);

  it("given a customer, when sales corrects its phone and adds a region, then only those fields are recorded with from and to", async () => {
    const id = await givenALead(crm, { name: "Li Lei", phone: null });

    const { reply, appended } = await crm.appendedBy(() =>
      patch(id, { name: "Li Lei", phone: "+86 138 0013 8000", region: "华北" }),
    );

    expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
    // The new phone's key is reserved in its own stream beside the customer's event.
    const customerEvents = appended.filter((event) => event.streamName.startsWith("crm-customer-"));
    expect(customerEvents.map((event) => [event.type, event.data])).toEqual([
      [
        "ProfileUpdated",
        {
          schemaVersion: 1,
          changes: { phone: { from: null, to: "+86 138 0013 8000" }, region: { from: null, to: "华北" } },
        },
      ],
    ]);
    expect((await crm.as("sales").get(`/customers/${id}`)).body).toMatchObject({
      phone: "+86 138 0013 8000",
      region: "华北",
      revision: 1,
    });
  });

  it("given a customer, when a field is set to null, then it is cleared (tags to none)", async () => {
    const id = await givenALead(crm, { tags: ["vip"] });

    expect((await patch(id, { email: null, tags: null }, "service")).status).toBe(200);

    expect((await crm.as("sales").get(`/customers/${id}`)).body).toMatchObject({ email: null, tags: [] });
  });

  it("given a customer, when the request changes nothing, then 200 with the current revision and nothing appended", async () => {
    const id = await givenALead(crm, { name: "Han Meimei", region: "华东" });
    expect((await patch(id, { region: "华南" })).status).toBe(200);

    const { reply, appended } = await crm.appendedBy(() => patch(id, { name: "Han Meimei", region: "华南" }));

    expect(reply).toMatchObject({ status: 200, body: { customerId: id, revision: 1 } });
    expect(appended).toEqual([]);
  });

  it.each([
    [{ name: null }, "name"],
    [{ name: "   " }, "name"],
    [{ email: "not an address" }, "email"],
    [{ phone: "call me" }, "phone"],
    [{ tags: [""] }, "tags.0"],
    [{ stage: "won" }, "stage"],
    [{ occurredAt: "yesterday" }, "occurredAt"],
  ])("given %j, then 400 validation_failed naming %s, nothing appended", async (body, field) => {
    const id = await givenALead(crm);

    const reply = await refused(() => patch(id, body), 400, "validation_failed");

    expect(reply.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it("given an unknown customer id, then 404; a malformed one, 400", async () => {
    await refused(() => patch(crypto.randomUUID(), { region: "华北" }), 404, "not_found");
    await refused(() => patch("not-a-uuid", { region: "华北" }), 400, "validation_failed");
  });

  it.each(["analyst", "auditor"] as const)("given the %s role, then 403", async (role) => {
    const id = await givenALead(crm);

    await refused(() => patch(id, { region: "华北" }, role), 403, "forbidden");
  });

  it("given If-Match with an old revision, then 412 and nothing appended", async () => {
    const id = await givenALead(crm);
    expect((await patch(id, { region: "华北" })).status).toBe(200);

    await refused(
      () => patch(id, { region: "华南" }, "sales", { "if-match": '"0"' }),
      412,
      "revision_mismatch",
    );
  });

  it("given a change dated before the customer's latest event, then 422 out_of_order", async () => {
    const id = await givenALead(crm, { occurredAt: daysAgo(2) });

    await refused(() => patch(id, { region: "华北", occurredAt: daysAgo(3) }), 422, "out_of_order");
  });

  describe("duplicate keys follow the profile", () => {
    it("given another customer with an email, when a customer is changed to it, then 409 duplicate of it, nothing appended", async () => {
      const email = `${unique()}@taken.example`;
      const holder = await givenALead(crm, { email });
      const id = await givenALead(crm);

      const reply = await refused(() => patch(id, { email: email.toUpperCase() }), 409, "duplicate");

      expect(reply.body.details).toEqual({ duplicateOf: [holder] });
    });

    it("given another customer with a phone or a company, when a customer is changed to it, then 409 duplicate", async () => {
      const mobile = `13${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
      const company = `Globex ${unique()}`;
      const phoneHolder = await givenALead(crm, { phone: mobile });
      const companyHolder = await givenALead(crm, { company: `${company} Co., Ltd.` });
      const id = await givenALead(crm);

      expect(
        (await refused(() => patch(id, { phone: `+86 ${mobile}` }), 409, "duplicate")).body.details,
      ).toEqual({
        duplicateOf: [phoneHolder],
      });
      expect((await refused(() => patch(id, { company }), 409, "duplicate")).body.details).toEqual({
        duplicateOf: [companyHolder],
      });
    });

    it("given allowDuplicate, when a customer is changed to a taken email, then 200", async () => {
      const email = `${unique()}@shared.example`;
      await givenALead(crm, { email });
      const id = await givenALead(crm);

      expect((await patch(id, { email, allowDuplicate: true })).status).toBe(200);
    });

    it("given a customer whose email, phone and company changed, when a lead comes with the old ones, then 201, and with the new ones 409", async () => {
      const [oldEmail, newEmail] = [`${unique()}@old.example`, `${unique()}@new.example`];
      const oldCompany = `Initech ${unique()}`;
      const id = await givenALead(crm, { email: oldEmail, company: oldCompany, phone: "010 6552 9988" });
      expect(
        (await patch(id, { email: newEmail, company: `Initrode ${unique()}`, phone: "010 8888 1234" }))
          .status,
      ).toBe(200);

      expect(
        (
          await crm
            .as("sales")
            .post("/leads", aLead({ email: oldEmail, company: oldCompany, phone: "01065529988" }))
        ).status,
      ).toBe(201);
      expect((await crm.as("sales").post("/leads", aLead({ email: newEmail }))).body).toMatchObject({
        error: "duplicate",
        details: { duplicateOf: [id] },
      });
    });

    it("given 20 customers changed to one email at once, then exactly one 200 and 19 409 duplicate of it, one change recorded", async () => {
      const email = `${unique()}@race.example`;
      const ids = await Promise.all(Array.from({ length: 20 }, () => givenALead(crm)));

      const replies = await Promise.all(ids.map((id) => patch(id, { email })));

      const winner = expectOneWinnerOfTheRace(replies, 200);
      const changes = (await crm.allEvents()).filter(
        (event) =>
          event.type === "ProfileUpdated" &&
          (event.data as { changes: { email?: { to: string } } }).changes.email?.to === email,
      );
      expect(changes).toHaveLength(1);
      expect((await crm.as("sales").post("/leads", aLead({ email }))).body.details).toEqual({
        duplicateOf: [winner],
      });
    });
  });

  it("given a changed profile, then search finds the customer by its new email and no longer by the old one", async () => {
    const [oldEmail, newEmail] = [`${unique()}@before.example`, `${unique()}@after.example`];
    const id = await givenALead(crm, { email: oldEmail });
    expect((await patch(id, { email: newEmail })).status).toBe(200);

    const search = (q: string) => crm.as("analyst").get(`/customers?q=${encodeURIComponent(q)}`);
    expect(
      (await search(newEmail)).body.items.map((item: { customerId: string }) => item.customerId),
    ).toEqual([id]);
    expect((await search(oldEmail)).body.items).toEqual([]);
  });
});
