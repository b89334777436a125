import type { Role } from "@crm/api";
import { beforeAll, describe, expect, it } from "vitest";
import { givenAWonCustomer } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { statusByRole } from "./testing/thenSteps.ts";

// Contract section 10.3: every export and history read leaves an access record
// {actor, at, what, customerId?, filters?, rows?}, listed at GET /audit/access.

describe("access records: who looked at personal data", () => {
  const crm = platformPerSuite();
  let customerId: string;

  beforeAll(async () => {
    customerId = await givenAWonCustomer(crm, 300);
  });

  const accessOf = async (query: string) => {
    const reply = await crm.as("auditor").get(`/audit/access${query}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body;
  };

  /** The access record of a test key's actor (`<role>-actor`), with what it names beyond who, when and what. */
  const recordOf = (role: Role, at: string, what: string, details: Record<string, unknown>) => ({
    actor: { id: `${role}-actor`, role },
    at,
    what,
    ...details,
  });

  it("given an export, then it is recorded with the exporter, the filters and the rows exported", async () => {
    const exported = await crm.clock.during("2026-11-02T09:00:00.000Z", () =>
      crm.as("analyst").get("/customers/export.csv?stage=won"),
    );
    expect(exported.status).toBe(200);

    expect((await accessOf("?actorId=analyst-actor")).items).toEqual([
      recordOf("analyst", "2026-11-02T09:00:00.000Z", "export", { filters: { stage: "won" }, rows: 1 }),
    ]);
  });

  it("given a history read, then it is recorded with the customer, the cut and the events shown", async () => {
    const asOf = new Date().toISOString();
    const history = await crm.clock.during("2026-11-03T09:00:00.000Z", () =>
      crm.as("admin").get(`/customers/${customerId}/history?asOf=${asOf}`),
    );
    expect(history.status).toBe(200);

    expect((await accessOf("?actorId=admin-actor")).items).toEqual([
      recordOf("admin", "2026-11-03T09:00:00.000Z", "history", { customerId, filters: { asOf }, rows: 2 }),
    ]);
  });

  it("given a timeline read, then it is recorded with the customer, the filters and the lines shown", async () => {
    const timeline = await crm.clock.during("2026-11-04T09:00:00.000Z", () =>
      crm.as("service").get(`/customers/${customerId}/timeline?limit=1`),
    );
    expect(timeline.status).toBe(200);

    expect((await accessOf("?actorId=service-actor")).items).toEqual([
      recordOf("service", "2026-11-04T09:00:00.000Z", "timeline", {
        customerId,
        filters: { limit: 1 },
        rows: 1,
      }),
    ]);
  });

  it("given a window, then only records with at in [from, to), and paging neither repeats nor skips", async () => {
    for (const day of ["05", "06", "07"]) {
      crm.clock.set(`2026-11-${day}T12:00:00.000Z`);
      await crm.as("auditor").get(`/customers/${customerId}/history`);
    }
    crm.clock.release();
    const window = "from=2026-11-05T12:00:00.000Z&to=2026-11-07T12:00:00.000Z";

    const first = await accessOf(`?${window}&limit=1`);
    const second = await accessOf(`?${window}&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect([...first.items, ...second.items].map((item: { at: string }) => item.at)).toEqual([
      "2026-11-06T12:00:00.000Z",
      "2026-11-05T12:00:00.000Z",
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it("given a restart, then the records are still there", async () => {
    const before = (await accessOf("?limit=500")).items;
    await crm.restart();

    expect((await accessOf("?limit=500")).items).toEqual(before);
  });

  it.each([
    ["cursor=not-a-cursor", "cursor"],
    ["from=2026-11-07T00:00:00Z&to=2026-11-06T00:00:00Z", "to"],
    ["limit=0", "limit"],
    ["what=export", ""],
  ])("given %s, then 400 validation_failed naming the field", async (query, field) => {
    const reply = await crm.as("auditor").get(`/audit/access?${query}`);

    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe("validation_failed");
    if (field) expect(JSON.stringify(reply.body.details)).toContain(field);
  });

  it.each(statusByRole(["auditor", "admin"]))("given role %s, then %i", async (role, status) => {
    expect((await crm.as(role).get("/audit/access")).status).toBe(status);
  });
});
