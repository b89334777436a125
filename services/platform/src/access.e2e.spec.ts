import { ROLES, type Role } from "@crm/api";
import { beforeAll, describe, expect, it } from "vitest";
import { aComplaint, anInteraction, givenAComplaint, givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 7: an API key names an actor and a role; no key or an unknown one is 401,
// a role without the right is 403, and a refused request appends nothing.
// Section 8: what does not exist is 404 not_found.

type Ids = {
  customerId: string;
  complaintId: string;
  poolCustomerId: string;
  salesCustomerId: string;
  followUpId: string;
};

type Route = {
  name: string;
  method: "GET" | "POST" | "PUT";
  url: (ids: Ids) => string;
  body?: () => unknown;
  allowed: Role[];
};

const routes: Route[] = [
  {
    name: "create lead",
    method: "POST",
    url: () => "/leads",
    body: () => aLead(),
    allowed: ["sales", "admin"],
  },
  {
    name: "advance stage",
    method: "POST",
    url: ({ customerId }) => `/customers/${customerId}/stage`,
    body: () => ({ stage: "qualified" }),
    allowed: ["sales", "admin"],
  },
  {
    name: "log interaction",
    method: "POST",
    url: ({ customerId }) => `/customers/${customerId}/interactions`,
    body: () => anInteraction(),
    allowed: ["sales", "service", "admin"],
  },
  {
    name: "file complaint",
    method: "POST",
    url: ({ customerId }) => `/customers/${customerId}/complaints`,
    body: () => aComplaint(),
    allowed: ["service", "admin"],
  },
  {
    name: "acknowledge complaint",
    method: "POST",
    url: ({ customerId, complaintId }) => `/customers/${customerId}/complaints/${complaintId}/acknowledge`,
    body: () => ({}),
    allowed: ["service", "admin"],
  },
  {
    name: "resolve complaint",
    method: "POST",
    url: ({ customerId, complaintId }) => `/customers/${customerId}/complaints/${complaintId}/resolve`,
    body: () => ({ resolution: "Refunded the shipping" }),
    allowed: ["service", "admin"],
  },
  {
    name: "record purchase",
    method: "POST",
    url: ({ customerId }) => `/customers/${customerId}/purchases`,
    body: () => ({ orderId: crypto.randomUUID(), amount: 10 }),
    allowed: ["sales", "admin"],
  },
  {
    name: "assign owner",
    method: "PUT",
    url: ({ customerId }) => `/customers/${customerId}/owner`,
    body: () => ({ ownerId: crypto.randomUUID() }),
    allowed: ["sales", "admin"],
  },
  {
    name: "read customer",
    method: "GET",
    url: ({ customerId }) => `/customers/${customerId}`,
    // Every role that works with customers; integration follows the event feed only.
    allowed: ROLES.filter((role) => role !== "integration"),
  },
  {
    name: "read the event feed",
    method: "GET",
    url: () => "/events",
    allowed: ["integration", "admin"],
  },
  {
    name: "read history",
    method: "GET",
    url: ({ customerId }) => `/customers/${customerId}/history`,
    allowed: ["auditor", "admin"],
  },
  // Contract 9.3 - 9.6 and their changes to section 7.
  {
    name: "search customers",
    method: "GET",
    url: () => "/customers?pool=true",
    allowed: ["sales", "service", "analyst", "admin"],
  },
  {
    name: "export customers",
    method: "GET",
    url: () => "/customers/export.csv",
    allowed: ["analyst", "admin"],
  },
  {
    name: "claim a customer",
    method: "POST",
    url: ({ poolCustomerId }) => `/customers/${poolCustomerId}/claim`,
    allowed: ["sales", "admin"],
  },
  {
    name: "release a customer",
    method: "POST",
    url: ({ salesCustomerId }) => `/customers/${salesCustomerId}/release`,
    allowed: ["sales", "admin"],
  },
  {
    name: "book a follow-up",
    method: "POST",
    url: ({ customerId }) => `/customers/${customerId}/follow-ups`,
    body: () => ({ title: "Call back", dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
    allowed: ["sales", "service", "admin"],
  },
  {
    name: "complete a follow-up",
    method: "POST",
    url: ({ customerId, followUpId }) => `/customers/${customerId}/follow-ups/${followUpId}/complete`,
    allowed: ["sales", "service", "admin"],
  },
  {
    name: "read the follow-up list",
    method: "GET",
    url: () => "/follow-ups",
    allowed: ["sales", "service", "analyst", "admin"],
  },
  {
    name: "read the timeline",
    method: "GET",
    url: ({ customerId }) => `/customers/${customerId}/timeline`,
    // Every role that works with customers; integration follows the event feed only (contract 11).
    allowed: ROLES.filter((role) => role !== "integration"),
  },
  {
    name: "read stage velocity",
    method: "GET",
    url: () => "/views/stage-velocity",
    allowed: ["analyst", "admin"],
  },
  { name: "read activity", method: "GET", url: () => "/views/activity", allowed: ["analyst", "admin"] },
];

const matrix = routes.flatMap((route) =>
  ROLES.map((role) => ({ route, role, may: route.allowed.includes(role) })),
);

describe("access by API key and role", () => {
  const crm = platformPerSuite();
  let ids: Ids;
  beforeAll(async () => {
    const customerId = await givenALead(crm);
    const followUp = await crm
      .as("sales")
      .post(`/customers/${customerId}/follow-ups`, { title: "Call", dueAt: new Date().toISOString() });
    ids = {
      customerId,
      complaintId: await givenAComplaint(crm, customerId),
      poolCustomerId: await givenALead(crm),
      // Released by its owner (sales) first; the admin's release after that is refused as a
      // state (422), not as a right.
      salesCustomerId: await givenALead(crm, { ownerId: "sales-actor" }),
      followUpId: followUp.body.followUpId,
    };
  });

  const call = (role: Role | null, route: Route, headers: Record<string, string> = {}) =>
    crm
      .as(role)
      .send(route.method, route.url(ids), { headers, ...(route.body ? { payload: route.body() } : {}) });

  it.each(routes)(
    "given no API key, when $name is called, then 401 unauthorized and nothing is appended",
    async (route) => {
      const { reply, appended } = await crm.appendedBy(() => call(null, route));

      expect(reply).toMatchObject({
        status: 401,
        body: { error: "unauthorized", message: expect.any(String) },
      });
      expect(appended).toEqual([]);
    },
  );

  it.each(["Bearer not-a-key-we-issued-000", "Basic c2FsZXM6c2VjcmV0", "test-key-for-admin-0123456789"])(
    "given the Authorization header %s, then 401 unauthorized",
    async (authorization) => {
      const reply = await crm
        .as(null)
        .send("POST", "/leads", { payload: aLead(), headers: { authorization } });

      expect(reply).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    },
  );

  it("given no API key and an invalid body for an unknown customer, then 401 comes first", async () => {
    const reply = await crm.as(null).post(`/customers/${crypto.randomUUID()}/stage`, { stage: "nowhere" });

    expect(reply.status).toBe(401);
  });

  it.each(
    matrix.filter((cell) => !cell.may).map((cell) => [cell.role, cell.route.name, cell.route] as const),
  )(
    "given the %s role, when it calls %s, then 403 forbidden and nothing is appended",
    async (role, _name, route) => {
      const { reply, appended } = await crm.appendedBy(() => call(role, route));

      expect(reply).toMatchObject({ status: 403, body: { error: "forbidden", message: expect.any(String) } });
      expect(appended).toEqual([]);
    },
  );

  it.each(matrix.filter((cell) => cell.may).map((cell) => [cell.role, cell.route.name, cell.route] as const))(
    "given the %s role, when it calls %s, then it is let through",
    async (role, _name, route) => {
      const reply = await call(role, route);

      expect([401, 403]).not.toContain(reply.status);
      expect(reply.status).toBeLessThan(500);
    },
  );
});

describe("what does not exist", () => {
  const crm = platformPerSuite();
  let customerId: string;
  beforeAll(async () => {
    customerId = await givenALead(crm);
  });

  const unknownId = crypto.randomUUID();

  it.each([
    ["GET", `/customers/${unknownId}`, undefined],
    ["GET", `/customers/${unknownId}/history`, undefined],
    ["POST", `/customers/${unknownId}/stage`, { stage: "qualified" }],
    ["POST", `/customers/${unknownId}/interactions`, anInteraction()],
    ["POST", `/customers/${unknownId}/complaints`, aComplaint()],
    ["POST", `/customers/${unknownId}/purchases`, { orderId: "SO-1", amount: 5 }],
    ["PUT", `/customers/${unknownId}/owner`, { ownerId: "rep-1" }],
  ])(
    "given an unknown customer, when %s %s, then 404 not_found and nothing is appended",
    async (method, url, payload) => {
      const { reply, appended } = await crm.appendedBy(() =>
        crm.admin.send(method, url, payload === undefined ? {} : { payload }),
      );

      expect(reply).toMatchObject({ status: 404, body: { error: "not_found", message: expect.any(String) } });
      expect(appended).toEqual([]);
    },
  );

  it.each([
    ["acknowledge", {}],
    ["resolve", { resolution: "Refunded" }],
  ])(
    "given an unknown complaintId, when %s, then 404 not_found and nothing is appended",
    async (action, payload) => {
      const url = `/customers/${customerId}/complaints/${crypto.randomUUID()}/${action}`;

      const { reply, appended } = await crm.appendedBy(() => crm.as("service").post(url, payload));

      expect(reply).toMatchObject({ status: 404, body: { error: "not_found" } });
      expect(appended).toEqual([]);
    },
  );

  it.each([
    ["GET", "/customer"],
    ["POST", "/lead"],
    ["GET", "/v2/customers"],
  ])("given an unknown route %s %s, then 404 not_found", async (method, url) => {
    const reply = await crm.admin.send(method, url, method === "POST" ? { payload: {} } : {});

    expect(reply).toMatchObject({ status: 404, body: { error: "not_found", message: expect.any(String) } });
  });
});
