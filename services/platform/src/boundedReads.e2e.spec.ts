import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Platform, startPlatform } from "./platform.ts";
import { aComplaint, anInteraction } from "./testing/customerFixtures.ts";
import { scanLimitedReadStore } from "./testing/scanLimitedReadStore.ts";
import { aLead, apiClient, TEST_API_KEYS } from "./testing/testPlatform.ts";

// Issue 11, done when: no request path reads a whole collection. The platform runs on a read
// store that refuses `all()` of any collection past a few documents and any query for more than
// a page, and every read route of the API is asked, with its filters and its cursor.

const THRESHOLD = 10;
const CUSTOMERS = 25;
const LARGEST_PAGE = 501;

// The views read the facts (and activity) documents whole once, when the platform has caught up
// (0 documents here), and from then on only what each write changed (changesSince): no view
// request scans, the first after a write included (docs/views.md, "Views at scale").
const VIEWS = [
  "/views/funnel",
  "/views/lifecycle",
  "/views/churn",
  "/views/customer-value",
  "/views/stage-velocity",
  "/views/activity",
];

// A subscription nobody registered: its deliveries are a 404, read without a scan.
const NO_SUCH_WEBHOOK = "/webhooks/00000000-0000-4000-8000-000000000000/deliveries";

// Answers other than 200, and why: this composition (startPlatform on two stores) runs without the
// anchored history, so its checkpoints, public key and chain verdict are a 503 (the embedded platform has them).
const EXPECTED_STATUS: Record<string, number> = {
  [NO_SUCH_WEBHOOK]: 404,
  "/audit/checkpoints": 503,
  "/audit/public-key": 503,
  "/audit/verify": 503,
};

// Routes this spec does not ask, and why.
const NOT_ASKED: Record<string, string> = {
  "/events/stream": "a stream that stays open; it reads the event store, as /events does",
};

describe("read routes on a read store that refuses unbounded reads", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-bounded-"));
  let platform: Platform;
  let client: ReturnType<typeof apiClient>;
  let refused: string[];
  let customerId: string;

  beforeAll(async () => {
    const limited = scanLimitedReadStore(openSqliteReadStore({ path: join(dataDir, "read-models.sqlite") }), {
      threshold: THRESHOLD,
      largestPage: LARGEST_PAGE,
    });
    refused = limited.refused;
    platform = await startPlatform({
      eventStore: openSqliteEventStore({ path: join(dataDir, "events.sqlite") }),
      readStore: await withCollectionAliases(limited.readStore),
      apiKeys: TEST_API_KEYS,
      projectReadModels: true,
    });
    await platform.caughtUp;
    client = apiClient(platform);
    for (let index = 0; index < CUSTOMERS; index++) {
      const lead = await client("sales").post("/leads", aLead({ name: `Bounded ${index}`, tags: ["vip"] }));
      expect(lead.status, JSON.stringify(lead.body)).toBe(201);
      customerId = lead.body.customerId;
      await client("service").post(`/customers/${customerId}/interactions`, anInteraction());
      if (index % 3 === 0) await client("service").post(`/customers/${customerId}/complaints`, aComplaint());
      if (index % 2 === 0)
        await client("sales").post(`/customers/${customerId}/stage`, { stage: "won", amount: 100 + index });
      const followUp = await client("sales").post(`/customers/${customerId}/follow-ups`, {
        title: `Call ${index}`,
        dueAt: new Date(Date.UTC(2026, 0, 1 + index)).toISOString(),
        assigneeId: "admin-actor",
      });
      if (index % 4 === 0)
        await client("sales").post(
          `/customers/${customerId}/follow-ups/${followUp.body.followUpId}/complete`,
          {},
        );
    }
  });
  afterAll(async () => {
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const asOf = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
  const from = encodeURIComponent("2020-01-01T00:00:00Z");
  /** Every GET route of the API, by its OpenAPI path, with the requests that exercise it (as admin). */
  const requests = (): Record<string, string[]> => ({
    "/customers": [
      "/customers",
      "/customers?limit=2&stage=won&tag=vip",
      "/customers?q=bounded%201&pool=true&limit=3",
      "/customers?industry=retail&createdFrom=2020-01-01T00:00:00Z&limit=2",
    ],
    "/customers/export.csv": ["/customers/export.csv", "/customers/export.csv?stage=won"],
    "/customers/{id}": [`/customers/${customerId}`, `/customers/${customerId}?asOf=${asOf}`],
    "/customers/{id}/history": [`/customers/${customerId}/history`],
    "/customers/{id}/verify": [`/customers/${customerId}/verify`],
    "/customers/{id}/timeline": [
      `/customers/${customerId}/timeline`,
      `/customers/${customerId}/timeline?limit=2`,
    ],
    "/audit": [
      "/audit?limit=5",
      `/audit?customerId=${customerId}&limit=2`,
      "/audit?actorId=sales-actor&type=StageAdvanced",
      `/audit?from=${from}&to=${asOf}&limit=3`,
    ],
    "/customers/{id}/complaints": [`/customers/${customerId}/complaints`],
    "/audit/access": ["/audit/access", "/audit/access?actorId=admin-actor"],
    "/audit/checkpoints": ["/audit/checkpoints"],
    "/audit/public-key": ["/audit/public-key"],
    "/audit/verify": ["/audit/verify"],
    "/me": ["/me"],
    "/events": ["/events?limit=5", "/events?after=0&limit=3"],
    "/webhooks": ["/webhooks"],
    "/webhooks/{id}/deliveries": [NO_SUCH_WEBHOOK],
    "/duplicates": ["/duplicates", "/duplicates?limit=1"],
    "/follow-ups": [
      "/follow-ups?limit=4",
      "/follow-ups?status=open&limit=3",
      "/follow-ups?status=overdue&limit=5",
      "/follow-ups?status=done&limit=2",
      `/follow-ups?customerId=${customerId}`,
      "/follow-ups?assigneeId=sales-actor&dueBefore=2026-01-10T00:00:00Z",
    ],
    "/views/funnel": ["/views/funnel", `/views/funnel?asOf=${asOf}&source=web`],
    "/views/lifecycle": ["/views/lifecycle", `/views/lifecycle?from=${from}`],
    "/views/churn": ["/views/churn", `/views/churn?asOf=${asOf}`],
    "/views/customer-value": ["/views/customer-value", "/views/customer-value?tier=top"],
    "/views/stage-velocity": ["/views/stage-velocity"],
    "/views/activity": ["/views/activity"],
  });

  /** Asks each URL, following nextCursor for two more pages where there is one. */
  const ask = async (url: string) => {
    const statuses: number[] = [];
    let next: string | null = url;
    for (let page = 0; next !== null && page < 3; page++) {
      const reply = await client("admin").get(next);
      statuses.push(reply.status);
      const cursor: unknown = reply.body?.nextCursor;
      next = typeof cursor === "string" ? `${url}${url.includes("?") ? "&" : "?"}cursor=${cursor}` : null;
    }
    return statuses;
  };

  it("given the API's own document, then this spec asks every GET route it lists", async () => {
    const document = (await platform.app.inject({ method: "GET", url: "/docs/json" })).json();
    const getRoutes = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([, methods]) => "get" in methods)
      .map(([path]) => path.replace(/^\/api\/v1/, ""))
      .sort();

    expect([...Object.keys(requests()), ...Object.keys(NOT_ASKED)].sort()).toEqual(getRoutes);
  });

  it("given more customers than the threshold, when every read route is asked, then each answers 200 and nothing is scanned", async () => {
    refused.length = 0;
    const answers: Record<string, number[]> = {};
    for (const urls of Object.values(requests())) for (const url of urls) answers[url] = await ask(url);

    expect(refused).toEqual([]);
    for (const [url, statuses] of Object.entries(answers))
      expect({ url, statuses }).toEqual({
        url,
        statuses: statuses.map(() => EXPECTED_STATUS[url] ?? 200),
      });
    expect(answers["/audit?limit=5"]).toHaveLength(3);
  });

  it("given more owned customers than the threshold, when the idle-return rule makes a pass, then it reads its candidates without a scan", async () => {
    refused.length = 0;

    await platform.idleReturnRule.runOnce();

    expect(refused).toEqual([]);
  });

  it("given views already asked, when a customer changes and every view is asked again, then each answers from what changed, without a scan", async () => {
    for (const route of VIEWS) for (const url of requests()[route] ?? []) await ask(url);
    refused.length = 0;

    const moved = await client("sales").post(`/customers/${customerId}/stage`, {
      stage: "lost",
      lostReason: "price",
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const lead = await client("sales").post("/leads", aLead({ name: "Bounded after", tags: ["vip"] }));
    expect(lead.status).toBe(201);
    const after: Record<string, number[]> = {};
    for (const route of VIEWS) for (const url of requests()[route] ?? []) after[url] = await ask(url);

    expect(refused).toEqual([]);
    for (const [url, statuses] of Object.entries(after))
      expect({ url, statuses }).toEqual({ url, statuses: [200] });
    const funnel = await client("admin").get("/views/funnel");
    expect(funnel.body.stages[0].reached).toBe(CUSTOMERS + 1);
  });
});
