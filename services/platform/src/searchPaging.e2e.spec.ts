import { beforeAll, describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 4, search: a client following nextCursor sees every matching customer
// exactly once, whatever the page size, including customers created in the same instant.

const CUSTOMERS = 75;

describe("paging through the customer search", () => {
  const crm = platformPerSuite();
  const created: string[] = [];

  beforeAll(async () => {
    for (let index = 0; index < CUSTOMERS; index++) {
      // Every third lead shares its creation instant with the one before: ties are ordered by id.
      const minute = index - (index % 3 === 2 ? 1 : 0);
      const occurredAt = new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString();
      const reply = await crm.as("sales").post("/leads", aLead({ name: `Lead ${index}`, occurredAt }));
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      created.push(reply.body.customerId);
    }
  });

  const followCursors = async (limit: number) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page <= CUSTOMERS; page++) {
      const query: string = `/customers?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
      const reply = await crm.as("analyst").get(query);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      seen.push(...reply.body.items.map((item: { customerId: string }) => item.customerId));
      cursor = reply.body.nextCursor;
      if (cursor === null) return seen;
    }
    throw new Error(`limit=${limit}: still a next page after ${CUSTOMERS + 1} pages`);
  };

  it.each([1, 7, 50])(
    "given %s customers a page, when a client follows nextCursor, then it sees each customer exactly once",
    async (limit) => {
      const seen = await followCursors(limit);
      expect(seen).toHaveLength(CUSTOMERS);
      expect(new Set(seen).size).toBe(CUSTOMERS);
      expect([...seen].sort()).toEqual([...created].sort());
    },
  );

  it("given the pages, then together they are the order of one unpaged answer", async () => {
    const all = await crm.as("analyst").get(`/customers?limit=500`);
    expect(await followCursors(4)).toEqual(
      all.body.items.map((item: { customerId: string }) => item.customerId),
    );
  });
});
