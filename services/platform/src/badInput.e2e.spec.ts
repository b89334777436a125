import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { aComplaint, anInteraction, givenAComplaint, givenAWonCustomer } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 8: "Bad client input never yields a 5xx, and a rejected command appends
// nothing." Checked over generated input: arbitrary JSON, and valid bodies with one field
// replaced by an arbitrary value (text with lone surrogates and full-width forms included).

type Route = {
  name: string;
  method: "POST" | "PUT";
  url: (ids: Ids) => string;
  valid: () => Record<string, unknown>;
};
type Ids = { customerId: string; complaintId: string };

const routes: Route[] = [
  { name: "create lead", method: "POST", url: () => "/leads", valid: () => aLead() },
  {
    name: "advance stage",
    method: "POST",
    url: (ids) => `/customers/${ids.customerId}/stage`,
    valid: () => ({ stage: "lost", lostReason: "price" }),
  },
  {
    name: "log interaction",
    method: "POST",
    url: (ids) => `/customers/${ids.customerId}/interactions`,
    valid: () => anInteraction(),
  },
  {
    name: "file complaint",
    method: "POST",
    url: (ids) => `/customers/${ids.customerId}/complaints`,
    valid: () => aComplaint(),
  },
  {
    name: "resolve complaint",
    method: "POST",
    url: (ids) => `/customers/${ids.customerId}/complaints/${ids.complaintId}/resolve`,
    valid: () => ({ resolution: "Refunded", compensation: 5 }),
  },
  {
    name: "record purchase",
    method: "POST",
    url: (ids) => `/customers/${ids.customerId}/purchases`,
    valid: () => ({ orderId: crypto.randomUUID(), amount: 12.5 }),
  },
  {
    name: "assign owner",
    method: "PUT",
    url: (ids) => `/customers/${ids.customerId}/owner`,
    valid: () => ({ ownerId: "rep-1" }),
  },
];

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("", " ", "\u0000", "\ud800", "ＡＣＭＥ", "1e999", "-0", "null", "2026-02-30T00:00:00Z"),
);
const anyValue = fc.oneof(
  anyText,
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.constantFrom(-1, 0, 0.001, 1e21, Number.MAX_SAFE_INTEGER + 2, true, null, [], {}),
);

describe("arbitrary input never makes the server fail", () => {
  const crm = platformPerSuite();
  let ids: Ids;
  beforeAll(async () => {
    const customerId = await givenAWonCustomer(crm);
    ids = { customerId, complaintId: await givenAComplaint(crm, customerId, { acknowledged: true }) };
  });

  const send = (route: Route, payload: unknown) => crm.admin.send(route.method, route.url(ids), { payload });
  const neverFailsAndRefusalsAppendNothing = async (route: Route, payload: unknown) => {
    const { reply, appended } = await crm.appendedBy(() => send(route, payload));
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
    if (reply.status >= 400) {
      expect(reply.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      expect(appended.filter((event) => event.streamName.startsWith("crm-customer-"))).toEqual([]);
    }
  };

  it.each(routes)(
    "given any JSON body, when sent to $name, then no 5xx and a refusal appends nothing",
    async (route) => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), (payload) =>
          neverFailsAndRefusalsAppendNothing(route, payload),
        ),
        { numRuns: 60 },
      );
    },
  );

  it.each(routes)(
    "given a valid $name body with one field set to anything, then no 5xx and a refusal appends nothing",
    async (route) => {
      const fields = Object.keys(route.valid());
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields, "unexpected"), anyValue, (field, value) =>
          neverFailsAndRefusalsAppendNothing(route, { ...route.valid(), [field]: value }),
        ),
        { numRuns: 80 },
      );
    },
  );
});
