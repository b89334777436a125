import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// CSV injection (OWASP): a cell a spreadsheet would run as a formula must reach it as text.
// Every text a client sends can become a cell, tags included, so every cell is defused alike.

const FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];

describe("export.csv and formulas in what clients sent", () => {
  const crm = platformPerSuite();
  beforeAll(async () => {
    for (const formula of FORMULAS) {
      const reply = await crm.as("sales").post(
        "/leads",
        aLead({
          name: `${formula} name`,
          company: `${formula} co`,
          region: formula,
          industry: formula,
          ownerId: `${formula} owner`,
          tags: [formula, "vip"],
          allowDuplicate: true,
        }),
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    }
  });

  it("given leads whose texts and tags start like formulas, when exported, then no cell starts like a formula", async () => {
    const reply = await crm.as("analyst").get("/customers/export.csv");
    expect(reply.status).toBe(200);
    const rows: string[][] = parse(String(reply.body).replace(/^\uFEFF/, ""), { relax_column_count: false });
    const [header, ...records] = rows;
    expect(records).toHaveLength(FORMULAS.length);
    const tagsColumn = header?.indexOf("tags") ?? -1;
    for (const record of records) {
      for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(record[tagsColumn]).toMatch(/^'.*;vip$/s);
    }
  });
});
