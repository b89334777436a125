import { beforeAll, describe, expect, it } from "vitest";
import { aComplaint, anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract sections 2 and 8: a body that breaks a field rule is `400 validation_failed`,
// its details name every bad field and why, and nothing is appended.

type BadField = { path: string; why: RegExp };
type Case = [
  name: string,
  method: "POST" | "PUT",
  url: (id: string) => string,
  body: unknown,
  bad: BadField[],
];

const inSixMinutes = () => new Date(Date.now() + 6 * 60_000).toISOString();
const lead = (overrides: Record<string, unknown>) => aLead(overrides);
const leads = () => "/leads";
const stage = (id: string) => `/customers/${id}/stage`;
const interactions = (id: string) => `/customers/${id}/interactions`;
const complaints = (id: string) => `/customers/${id}/complaints`;
const resolve = (id: string) => `/customers/${id}/complaints/${crypto.randomUUID()}/resolve`;
const purchases = (id: string) => `/customers/${id}/purchases`;
const owner = (id: string) => `/customers/${id}/owner`;
const { name: _name, ...leadWithoutName } = aLead();

const cases: Case[] = [
  [
    "unknown fields",
    "POST",
    leads,
    lead({ nickname: "Ada", vip: true }),
    [
      { path: "nickname", why: /not a known field/ },
      { path: "vip", why: /not a known field/ },
    ],
  ],
  ["a missing name", "POST", leads, leadWithoutName, [{ path: "name", why: /expected string/ }]],
  [
    "a name that is empty after trimming",
    "POST",
    leads,
    lead({ name: " \t " }),
    [{ path: "name", why: /must not be empty/ }],
  ],
  [
    "a name over 200 characters",
    "POST",
    leads,
    lead({ name: "x".repeat(201) }),
    [{ path: "name", why: /200/ }],
  ],
  [
    "a company over 200 characters",
    "POST",
    leads,
    lead({ company: "y".repeat(201) }),
    [{ path: "company", why: /200/ }],
  ],
  [
    "a name holding a lone surrogate (no canonical JSON)",
    "POST",
    leads,
    lead({ name: "Ada \ud800 Wong" }),
    [{ path: "name", why: /valid Unicode/ }],
  ],
  [
    "a summary holding a lone surrogate",
    "POST",
    interactions,
    anInteraction({ summary: "Call \udfff" }),
    [{ path: "summary", why: /valid Unicode/ }],
  ],
  ["an unknown source", "POST", leads, lead({ source: "tv" }), [{ path: "source", why: /web.*referral/ }]],
  [
    "an email that is not one",
    "POST",
    leads,
    lead({ email: "ada-at-acme" }),
    [{ path: "email", why: /email address/ }],
  ],
  [
    "money with 3 decimals",
    "POST",
    leads,
    lead({ expectedValue: 12.345 }),
    [{ path: "expectedValue", why: /at most 2 decimals/ }],
  ],
  [
    "money one floating-point step off two decimals (0.1 + 0.2)",
    "POST",
    leads,
    lead({ expectedValue: 0.30000000000000004 }),
    [{ path: "expectedValue", why: /at most 2 decimals/ }],
  ],
  [
    "a purchase amount far below a cent",
    "POST",
    purchases,
    { orderId: "SO-1", amount: 10.000000001 },
    [{ path: "amount", why: /at most 2 decimals/ }],
  ],
  [
    "a name that is a NUL character",
    "POST",
    leads,
    lead({ name: "\u0000" }),
    [{ path: "name", why: /control characters/ }],
  ],
  [
    "a name holding a control character",
    "POST",
    leads,
    lead({ name: "Ada\u0007 Wong", company: "Acme\u001b[31m", region: "East\u0085" }),
    [
      { path: "name", why: /control characters/ },
      { path: "company", why: /control characters/ },
      { path: "region", why: /control characters/ },
    ],
  ],
  [
    "a name of zero-width spaces only",
    "POST",
    leads,
    lead({ name: "\u200b\u200b \ufeff\u2060" }),
    [{ path: "name", why: /must not be empty/ }],
  ],
  [
    "a tag of zero-width characters and a tag with a NUL",
    "POST",
    leads,
    lead({ tags: ["vip", "\u200b", "a\u0000b"] }),
    [
      { path: "tags.1", why: /must not be empty/ },
      { path: "tags.2", why: /control characters/ },
    ],
  ],
  [
    "a name of 204 characters, spaces around 200",
    "POST",
    leads,
    lead({ name: `  ${"x".repeat(200)}  ` }),
    [{ path: "name", why: /200/ }],
  ],
  [
    "a summary holding a NUL character",
    "POST",
    interactions,
    anInteraction({ summary: "Called\u0000 back" }),
    [{ path: "summary", why: /control characters/ }],
  ],
  [
    "an occurredAt in the year 1",
    "POST",
    leads,
    lead({ occurredAt: "0001-01-01T00:00:00Z" }),
    [{ path: "occurredAt", why: /1970/ }],
  ],
  [
    "an occurredAt one second before 1970",
    "POST",
    interactions,
    anInteraction({ occurredAt: "1969-12-31T23:59:59Z" }),
    [{ path: "occurredAt", why: /1970/ }],
  ],
  ["negative money", "POST", leads, lead({ expectedValue: -5 }), [{ path: "expectedValue", why: />=\s?0/ }]],
  [
    "an occurredAt more than 5 minutes ahead",
    "POST",
    leads,
    // Built when the case runs, so the margin over 5 minutes is not eaten by the run itself.
    () => lead({ occurredAt: inSixMinutes() }),
    [{ path: "occurredAt", why: /5 minutes in the future/ }],
  ],
  [
    "an occurredAt that is no date",
    "POST",
    leads,
    lead({ occurredAt: "yesterday" }),
    [{ path: "occurredAt", why: /ISO-8601/ }],
  ],
  [
    "several mistakes at once",
    "POST",
    leads,
    lead({ name: "", source: "tv", email: "nope" }),
    [
      { path: "name", why: /must not be empty/ },
      { path: "source", why: /web/ },
      { path: "email", why: /email address/ },
    ],
  ],
  ["an unknown stage", "POST", stage, { stage: "closed" }, [{ path: "stage", why: /lead.*won.*lost/ }]],
  [
    "won without an amount",
    "POST",
    stage,
    { stage: "won" },
    [{ path: "amount", why: /required when stage is won/ }],
  ],
  [
    "won with amount 0",
    "POST",
    stage,
    { stage: "won", amount: 0 },
    [{ path: "amount", why: /greater than 0/ }],
  ],
  [
    "won with 3 decimals",
    "POST",
    stage,
    { stage: "won", amount: 99.999 },
    [{ path: "amount", why: /at most 2 decimals/ }],
  ],
  [
    "lost without a lostReason",
    "POST",
    stage,
    { stage: "lost" },
    [{ path: "lostReason", why: /required when stage is lost/ }],
  ],
  [
    "an unknown lostReason",
    "POST",
    stage,
    { stage: "lost", lostReason: "bored" },
    [{ path: "lostReason", why: /price/ }],
  ],
  [
    "bad interaction enums",
    "POST",
    interactions,
    anInteraction({ channel: "fax", direction: "sideways", department: "legal", outcome: "great" }),
    [
      { path: "channel", why: /call/ },
      { path: "direction", why: /inbound/ },
      { path: "department", why: /sales/ },
      { path: "outcome", why: /positive/ },
    ],
  ],
  [
    "an empty summary",
    "POST",
    interactions,
    anInteraction({ summary: "   " }),
    [{ path: "summary", why: /must not be empty/ }],
  ],
  [
    "a summary over 5000 characters",
    "POST",
    interactions,
    anInteraction({ summary: "s".repeat(5001) }),
    [{ path: "summary", why: /5000/ }],
  ],
  [
    "bad complaint enums and no description",
    "POST",
    complaints,
    aComplaint({ category: "food", severity: "urgent", description: "" }),
    [
      { path: "category", why: /product/ },
      { path: "severity", why: /critical/ },
      { path: "description", why: /must not be empty/ },
    ],
  ],
  [
    "an empty resolution",
    "POST",
    resolve,
    { resolution: " " },
    [{ path: "resolution", why: /must not be empty/ }],
  ],
  [
    "a purchase of 0",
    "POST",
    purchases,
    { orderId: "SO-1", amount: 0 },
    [{ path: "amount", why: /greater than 0/ }],
  ],
  [
    "a negative purchase",
    "POST",
    purchases,
    { orderId: "SO-1", amount: -10 },
    [{ path: "amount", why: /greater than 0/ }],
  ],
  ["an owner body without ownerId", "PUT", owner, {}, [{ path: "ownerId", why: /expected/ }]],
  ["an empty ownerId", "PUT", owner, { ownerId: "" }, [{ path: "ownerId", why: /must not be empty/ }]],
];

describe("commands with invalid bodies", () => {
  const crm = platformPerSuite();
  let customerId: string;
  beforeAll(async () => {
    customerId = await givenALead(crm);
  });

  it.each(cases)(
    "given %s, when sent, then 400 validation_failed names each bad field and nothing is appended",
    async (_name, method, url, body, bad) => {
      const { reply, appended } = await crm.appendedBy(() =>
        crm.admin.send(method, url(customerId), { payload: typeof body === "function" ? body() : body }),
      );

      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ error: "validation_failed", message: expect.any(String) });
      const details = reply.body.details as Array<{ path: string; in: string; message: string }>;
      // Each bad field is named, and every reason given for it is true of it.
      const paths = [...new Set(details.map((detail) => detail.path))];
      expect(paths.sort()).toEqual(bad.map((field) => field.path).sort());
      for (const detail of details)
        expect(detail).toMatchObject({
          in: "body",
          message: expect.stringMatching(bad.find((field) => field.path === detail.path)?.why ?? /^$/),
        });
      expect(appended).toEqual([]);
    },
  );

  it("given an occurredAt 4 minutes ahead (a client clock running fast), then it is accepted", async () => {
    const occurredAt = new Date(Date.now() + 4 * 60_000).toISOString();

    const reply = await crm.as("sales").post("/leads", aLead({ occurredAt }));

    expect(reply.status).toBe(201);
  });

  it("given a summary with line breaks and tabs, then it is accepted as written", async () => {
    const reply = await crm
      .as("sales")
      .post(`/customers/${customerId}/interactions`, anInteraction({ summary: "Asked:\n\t- a quote\r\n" }));

    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  });

  it("given the platform's clock, then 'the future' is measured by it, not by the machine's", async () => {
    const platformNow = "2030-06-01T12:00:00.000Z";
    crm.clock.set(platformNow);
    try {
      const fourMinutesOn = await crm
        .as("sales")
        .post("/leads", aLead({ occurredAt: "2030-06-01T12:04:00Z" }));
      const sixMinutesOn = await crm
        .as("sales")
        .post("/leads", aLead({ occurredAt: "2030-06-01T12:06:00Z" }));

      expect(fourMinutesOn.status, JSON.stringify(fourMinutesOn.body)).toBe(201);
      expect(sixMinutesOn).toMatchObject({
        status: 400,
        body: { error: "validation_failed", details: [{ path: "occurredAt", in: "body" }] },
      });
    } finally {
      crm.clock.release();
    }
  });

  it("given a bad asOf on a read, then 400 names the query parameter", async () => {
    const reply = await crm.as("sales").get(`/customers/${customerId}?asOf=last-tuesday`);

    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      error: "validation_failed",
      details: [{ path: "asOf", in: "querystring", message: expect.stringMatching(/ISO-8601/) }],
    });
  });
});
