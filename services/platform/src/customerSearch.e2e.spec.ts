import { beforeAll, describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 4, search and export, answered by the read store page by page: every filter,
// `q` over name, company, email, phone and tags (folded), newest first, and a cursor that walks
// the whole selection one customer at a time without repeating or skipping anyone.

const CUSTOMERS = 45;
const OWNERS = ["rep-1", "rep-2", null] as const;

type Item = { customerId: string; name: string; createdAt: string; ownerId: string | null; tags: string[] };

describe("searching and exporting customers", () => {
  const crm = platformPerSuite();
  const created: { customerId: string; index: number }[] = [];

  beforeAll(async () => {
    for (let index = 0; index < CUSTOMERS; index++) {
      // Two leads a minute (ties go by id), written in Beijing time every other one: the order is
      // by instant, whatever offset the client wrote.
      const instant = new Date(Date.UTC(2026, 0, 1, 9, Math.floor(index / 2)));
      const occurredAt =
        index % 2 === 0
          ? instant.toISOString()
          : new Date(instant.getTime() + 8 * 3_600_000).toISOString().replace("Z", "+08:00");
      const reply = await crm.as("sales").post(
        "/leads",
        aLead({
          name: index === 7 ? "Ｌｉ Ｌｅｉ" : `Lead ${index}`,
          company: index === 11 ? "北京星辰科技有限公司" : `Acme ${index} Ltd`,
          email: `lead${index}@acme.example`,
          phone: index === 13 ? "+86-138-0013-8000" : null,
          tags: index % 5 === 0 ? ["vip", "华东"] : [],
          ownerId: OWNERS[index % 3],
          source: index % 2 === 0 ? "web" : "referral",
          region: index % 4 === 0 ? "华东" : "华南",
          occurredAt,
        }),
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      created.push({ customerId: reply.body.customerId, index });
    }
    const won = created.filter(({ index }) => index % 6 === 0);
    for (const { customerId } of won) {
      const reply = await crm
        .as("sales")
        .post(`/customers/${customerId}/stage`, { stage: "won", amount: 100 });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    }
  });

  const search = async (query: string) => {
    const reply = await crm.as("analyst").get(`/customers?${query}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body as { items: Item[]; nextCursor: string | null };
  };
  const idsOf = (indexes: (index: number) => boolean) =>
    created.filter(({ index }) => indexes(index)).map(({ customerId }) => customerId);
  const found = async (query: string) =>
    (await search(`${query}&limit=500`)).items.map((item) => item.customerId).sort();

  const followCursors = async (query: string, limit: number) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page <= CUSTOMERS; page++) {
      const answer = await search(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(answer.items.length).toBeLessThanOrEqual(limit);
      seen.push(...answer.items.map((item) => item.customerId));
      cursor = answer.nextCursor;
      if (cursor === null) return seen;
    }
    throw new Error("paging did not end");
  };

  it("given customers created two a minute, when paged one at a time, then each comes once, newest first, ties by id", async () => {
    const seen = await followCursors("", 1);

    const newestFirst = [...created]
      .sort(
        (a, b) => Math.floor(b.index / 2) - Math.floor(a.index / 2) || (a.customerId < b.customerId ? -1 : 1),
      )
      .map(({ customerId }) => customerId);
    expect(seen).toEqual(newestFirst);
  });

  it("given a filter, when paged three at a time, then the pages are exactly the unpaged answer", async () => {
    const all = (await search("source=referral&limit=500")).items.map((item) => item.customerId);

    expect(await followCursors("source=referral", 3)).toEqual(all);
    expect([...all].sort()).toEqual(idsOf((index) => index % 2 === 1).sort());
  });

  it("given the exact filters, then only customers matching all of them", async () => {
    expect(await found("stage=won")).toEqual(idsOf((index) => index % 6 === 0).sort());
    expect(await found("ownerId=rep-2&region=%E5%8D%8E%E5%8D%97")).toEqual(
      idsOf((index) => index % 3 === 1 && index % 4 !== 0).sort(),
    );
    expect(await found("pool=true")).toEqual(idsOf((index) => index % 3 === 2).sort());
    expect(await found("pool=false&tag=vip")).toEqual(
      idsOf((index) => index % 3 !== 2 && index % 5 === 0).sort(),
    );
    expect(await found("pool=true&ownerId=rep-1")).toEqual([]);
    expect(await found("lifecycle=customer")).toEqual(idsOf((index) => index % 6 === 0).sort());
  });

  it("given q, then it matches inside name, company, email, phone or tags, folded, and phones by digits", async () => {
    expect(await found("q=li%20lei")).toEqual(idsOf((index) => index === 7));
    expect(await found(`q=${encodeURIComponent("星辰科技")}`)).toEqual(idsOf((index) => index === 11));
    expect(await found("q=LEAD12%40ACME")).toEqual(idsOf((index) => index === 12));
    expect(await found("q=138%200013%208000")).toEqual(idsOf((index) => index === 13));
    expect(await found(`q=${encodeURIComponent("华东")}&stage=won`)).toEqual(
      idsOf((index) => index % 5 === 0 && index % 6 === 0).sort(),
    );
    // Folding removes punctuation, so a q cannot reach across two fields ("…Ltd" + "lead…").
    expect(await found("q=ltdlead")).toEqual([]);
    expect(await found("q=%21%21%21")).toEqual([]);
    expect(await found("q=%20")).toHaveLength(CUSTOMERS);
  });

  it("given a cursor this API did not give out, then 400 naming the cursor", async () => {
    const reply = await crm.as("analyst").get("/customers?cursor=not-a-cursor");

    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe("validation_failed");
    expect(reply.body.details[0].path).toBe("cursor");
  });

  it("given a selection, when exported, then the CSV holds the search's customers in its order, one row each", async () => {
    const reply = await crm.as("analyst").get("/customers/export.csv?source=web");
    const searched = (await search("source=web&limit=500")).items.map((item) => item.customerId);

    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = (reply.body as string)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]?.startsWith("customerId,name,company")).toBe(true);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(searched);
  });

  it("given no filter, when exported, then every customer is in the CSV once", async () => {
    const reply = await crm.as("analyst").get("/customers/export.csv");

    const rows = (reply.body as string).trim().split("\r\n").slice(1);
    expect(new Set(rows.map((line) => line.split(",")[0])).size).toBe(CUSTOMERS);
    expect(rows).toHaveLength(CUSTOMERS);
  });
});
