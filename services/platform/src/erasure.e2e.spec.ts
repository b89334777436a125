import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { normalizeEmail } from "@crm/domain";
import { KEY_FILES, keyFile } from "@crm/stores";
import { openSqliteKeyStore } from "@crm/trust";
import { describe, expect, it } from "vitest";
import { platformPerTest } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract 10.1: erasure by crypto-shredding, over HTTP and on disk. A customer's personal
// fields are stored encrypted under a key of its own; erasure destroys the key, so nothing
// of them stays readable anywhere (answers, exports, history, the data folder's files),
// while the history still verifies and every view answers as before.

/** Personal data no other customer of a spec shares, so finding its bytes anywhere is a leak. */
const aPerson = () => {
  const tag = crypto.randomUUID().slice(0, 8);
  return {
    name: `Zhao Lei ${tag}`,
    company: `星河科技 ${tag} 有限公司`,
    email: `zhao.${tag}@xinghe.example`,
    phone: `+86 139 ${Math.floor(10_000_000 + Math.random() * 89_999_999)}`,
    summary: `Asked about the 'private ${tag}' plan`,
    note: `Signed after dinner ${tag}`,
    description: `Parcel lost at home address ${tag}`,
    resolution: `Refunded to card of ${tag}`,
    followUp: `Call ${tag} at home`,
  };
};
type Person = ReturnType<typeof aPerson>;
const secretsOf = (person: Person) => Object.values(person);

/** Every file of the data folder (WAL and key store included), scanned for each secret's bytes. */
const leaksIn = (dataDir: string, secrets: readonly string[], only?: (file: string) => boolean) =>
  readdirSync(dataDir)
    .filter((file) => !only || only(file))
    .flatMap((file) => {
      const bytes = readFileSync(join(dataDir, file));
      return secrets
        .filter((secret) => bytes.includes(Buffer.from(secret, "utf8")))
        .map((secret) => `${file}: ${secret}`);
    });

describe("erasure by crypto-shredding", () => {
  const crm = platformPerTest();

  /** A won customer whose personal data sits in every kind of personal field. */
  const givenACustomer = async (person: Person) => {
    const sales = crm.as("sales");
    const service = crm.as("service");
    const { name, company, email, phone } = person;
    const created = await sales.post("/leads", aLead({ name, company, email, phone, expectedValue: 800 }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.customerId as string;
    await sales.post(`/customers/${id}/interactions`, {
      channel: "call",
      direction: "inbound",
      summary: person.summary,
    });
    await sales.post(`/customers/${id}/stage`, { stage: "won", amount: 2400, note: person.note });
    const complaint = (
      await service.post(`/customers/${id}/complaints`, {
        category: "delivery",
        severity: "high",
        description: person.description,
      })
    ).body.complaintId;
    await service.post(`/customers/${id}/complaints/${complaint}/acknowledge`, { note: person.note });
    await service.post(`/customers/${id}/complaints/${complaint}/resolve`, {
      resolution: person.resolution,
      compensation: 50,
    });
    await sales.post(`/customers/${id}/consents`, { purpose: "marketing_email", granted: true });
    const followUp = await sales.post(`/customers/${id}/follow-ups`, {
      title: person.followUp,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
    return id;
  };
  const erase = (id: string, role: "admin" | "sales" | "auditor" = "admin") =>
    crm.as(role).post(`/customers/${id}/erasure`, { reason: "data subject request DSR-1" });
  /** Every view at one cut: from the maintained read models (`to`), and replayed (`asOf`). */
  const everyView = async (cut: string) =>
    Promise.all(
      [
        "funnel?to=2030-01-01T00:00:00Z",
        "lifecycle?to=2030-01-01T00:00:00Z",
        "churn?to=2030-01-01T00:00:00Z",
        `customer-value?asOf=${cut}`,
        `funnel?asOf=${cut}`,
      ].map(async (view) => {
        const reply = await crm.as("analyst").get(`/views/${view}`);
        expect(reply.status).toBe(200);
        return reply.body;
      }),
    );

  it("given a customer, then the event store and key store files hold none of its personal data in the clear", async () => {
    const person = aPerson();
    const id = await givenACustomer(person);

    expect(
      leaksIn(crm.dataDir, secretsOf(person), (file) => file.startsWith("events") || file.startsWith("keys")),
    ).toEqual([]);
    // Duplicate keys are kept as keyed hashes: a plain hash of the email, which anyone could compute, is nowhere.
    const plainHash = createHash("sha256")
      .update(normalizeEmail(person.email) ?? "")
      .digest("hex")
      .slice(0, 40);
    expect(leaksIn(crm.dataDir, [plainHash])).toEqual([]);
    // The scan does find bytes where they are: the read models hold the customer until erasure.
    expect(leaksIn(crm.dataDir, [person.email], (file) => file.startsWith("read-models"))).not.toEqual([]);
    const customer = (await crm.as("sales").get(`/customers/${id}`)).body;
    expect(customer).toMatchObject({
      name: person.name,
      email: person.email,
      phone: person.phone,
      erased: false,
    });
  });

  it("given an erasure, then no answer, export or file shows the personal data, and history, chain and views stand", async () => {
    const person = aPerson();
    const id = await givenACustomer(person);
    const cut = new Date().toISOString();
    const viewsBefore = await everyView(cut);

    const reply = await erase(id);

    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toEqual({ customerId: id, revision: 8 });
    const customer = await crm.as("admin").get(`/customers/${id}`);
    expect(customer.body).toMatchObject({
      name: "[erased]",
      company: null,
      email: null,
      phone: null,
      erased: true,
      stage: "won",
      revenue: 2400,
      revision: 8,
    });
    const history = await crm.as("auditor").get(`/customers/${id}/history`);
    expect(history.body.events.map((event: { type: string }) => event.type)).toEqual([
      "LeadCreated",
      "InteractionLogged",
      "StageAdvanced",
      "ComplaintFiled",
      "ComplaintAcknowledged",
      "ComplaintResolved",
      "ConsentRecorded",
      "FollowUpScheduled",
      "PersonalDataErased",
    ]);
    expect(history.body.events[1].data.summary).toBe("[erased]");
    expect(history.body.events[2].data).toMatchObject({ amount: 2400, note: null });
    expect(history.body.events.at(-1)).toMatchObject({
      actor: { id: "admin-actor", role: "admin" },
      data: { reason: "data subject request DSR-1" },
    });
    const answers = [
      customer,
      history,
      await crm.as("admin").get(`/customers?q=${encodeURIComponent(person.email)}`),
      await crm.as("admin").get("/customers?limit=500"),
      await crm.as("admin").get("/customers/export.csv"),
      await crm.as("admin").get(`/audit?customerId=${id}`),
      await crm.as("sales").get(`/follow-ups?customerId=${id}`),
      await crm.as("sales").get(`/customers/${id}/timeline`),
      // Contract 11: the event feed serves the events in the topic's shape, as they read now.
      await crm.as("admin").get("/events?limit=500"),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      for (const secret of secretsOf(person)) expect(text).not.toContain(secret);
    }
    expect(await everyView(cut)).toEqual(viewsBefore);
    expect((await crm.as("auditor").get(`/customers/${id}/verify`)).body).toEqual({ valid: true, events: 9 });
    expect((await crm.as("auditor").get("/audit/verify")).body).toMatchObject({ valid: true, events: 9 });
    expect(leaksIn(crm.dataDir, secretsOf(person))).toEqual([]);
  });

  it("given an erased customer, then its organisation is no longer offered as a possible duplicate", async () => {
    const person = aPerson();
    const id = await givenACustomer(person);
    const near = () =>
      crm.as("sales").post("/leads", aLead({ company: `北京${person.company}`, allowDuplicate: true }));
    expect((await near()).body.possibleDuplicates).toContain(id);

    await erase(id);

    expect((await near()).body.possibleDuplicates).not.toContain(id);
  });

  it("given a survivor of a merge, when it is erased, then the duplicate merged into it (the same person) is erased too", async () => {
    const person = aPerson();
    const survivor = await givenACustomer(person);
    const duplicate = (
      await crm
        .as("sales")
        .post("/leads", aLead({ name: person.name, phone: person.phone, allowDuplicate: true }))
    ).body.customerId;
    expect(
      (await crm.as("sales").post(`/customers/${survivor}/merge`, { duplicateId: duplicate })).status,
    ).toBe(200);

    expect((await erase(survivor)).status).toBe(200);

    expect((await crm.as("admin").get(`/customers/${duplicate}`)).body).toMatchObject({
      name: "[erased]",
      phone: null,
      erased: true,
    });
    expect((await crm.customerStream(duplicate)).at(-1)?.type).toBe("PersonalDataErased");
    expect(leaksIn(crm.dataDir, secretsOf(person))).toEqual([]);
  });

  it("given an erased customer, then it leaves the duplicate review queue", async () => {
    const person = aPerson();
    const id = await givenACustomer(person);
    const twin = (await crm.as("sales").post("/leads", aLead({ email: person.email, allowDuplicate: true })))
      .body.customerId;
    const pairsOf = async () =>
      (
        (await crm.as("admin").get("/duplicates?limit=500")).body.items as {
          customerId: string;
          candidateId: string;
        }[]
      )
        .filter((pair) => [pair.customerId, pair.candidateId].includes(id))
        .map((pair) => [pair.customerId, pair.candidateId].sort());
    expect(await pairsOf()).toContainEqual([id, twin].sort());

    await erase(id);

    expect(await pairsOf()).toEqual([]);
  });

  it("given an erased customer, then its email and phone are free again for a new lead", async () => {
    const person = aPerson();
    const id = await givenACustomer(person);
    const duplicate = await crm.as("sales").post("/leads", aLead({ email: person.email }));
    expect(duplicate.status).toBe(409);

    await erase(id);

    const again = await crm.as("sales").post("/leads", aLead({ email: person.email, phone: person.phone }));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });

  it("given an erased customer, then a second erasure and every command are 422 erased and append nothing", async () => {
    const id = await givenACustomer(aPerson());
    await erase(id);

    for (const request of [
      () => erase(id),
      () =>
        crm
          .as("sales")
          .post(`/customers/${id}/interactions`, { channel: "call", direction: "inbound", summary: "hi" }),
      () => crm.as("sales").post(`/customers/${id}/purchases`, { orderId: "SO-9", amount: 10 }),
      () => crm.as("sales").post(`/customers/${id}/consents`, { purpose: "profiling", granted: true }),
    ]) {
      const { reply, appended } = await crm.appendedBy(request);
      expect(reply.status).toBe(422);
      expect(reply.body.error).toBe("erased");
      expect(appended).toEqual([]);
    }
  });

  it("given the process died after destroying the key and before recording the event, then the next start completes it", async () => {
    const person = aPerson();
    const id = await givenACustomer(person);
    await crm.platform.close();
    // What erasure does first, and all a crash would leave behind: the key gone, the erasure pending.
    const keys = openSqliteKeyStore({ path: keyFile(crm.dataDir, KEY_FILES.personalDataKeys) });
    await keys.destroy({
      customerId: id,
      reason: "DSR-2",
      occurredAt: new Date().toISOString(),
      actor: { id: "admin-actor", role: "admin" },
      correlationId: crypto.randomUUID(),
      commandId: crypto.randomUUID(),
      reservationStreams: [],
    });
    await keys.close();

    await crm.restart();

    const stream = await crm.customerStream(id);
    expect(stream.at(-1)).toMatchObject({ type: "PersonalDataErased", data: { reason: "DSR-2" } });
    expect(stream.at(-1)?.metadata).toMatchObject({
      actor: { id: "admin-actor", role: "admin" },
      command: "eraseCustomer",
    });
    expect((await crm.as("admin").get(`/customers/${id}`)).body).toMatchObject({
      name: "[erased]",
      erased: true,
    });
    await crm.restart();
    expect(
      (await crm.customerStream(id)).filter((event) => event.type === "PersonalDataErased"),
    ).toHaveLength(1);
  });

  it.each([
    [{}, "reason"],
    [{ reason: "  " }, "reason"],
    [{ reason: "x", why: "y" }, ""],
  ])("given the body %j, then 400 validation_failed and nothing erased", async (body, field) => {
    const person = aPerson();
    const id = await givenACustomer(person);
    const reply = await crm.as("admin").post(`/customers/${id}/erasure`, body);

    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe("validation_failed");
    if (field) expect(JSON.stringify(reply.body.details)).toContain(field);
    expect((await crm.as("admin").get(`/customers/${id}`)).body.name).toBe(person.name);
  });

  it.each([
    ["sales", 403],
    ["service", 403],
    ["analyst", 403],
    ["auditor", 403],
    [null, 401],
  ] as const)("given role %s, then %i and nothing erased", async (role, status) => {
    const id = await givenACustomer(aPerson());

    expect((await crm.as(role).post(`/customers/${id}/erasure`, { reason: "r" })).status).toBe(status);
    expect((await crm.as("admin").get(`/customers/${id}`)).body.erased).toBe(false);
  });

  it("given an unknown customer, then 404", async () => {
    expect((await erase(crypto.randomUUID())).status).toBe(404);
  });
});
