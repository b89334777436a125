import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "@crm/read-store-mongodb/testing";
import { STORE_FILES, storeFile } from "@crm/stores";
import { describeWithServer, mongoServer } from "@crm/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Platform, startPlatform } from "./platform.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { TEST_API_KEYS } from "./testing/testPlatform.ts";

// Contract section 12: /health/live and /health/ready, no key needed; ready names the store
// that does not answer, within 2 s of it going away, and is ready again once it is back.

const probe = async (platform: Platform, url: string) => {
  const response = await platform.app.inject({ method: "GET", url });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
};

describe("health of the embedded platform", () => {
  const test = platformPerSuite();

  it("given no key, when /health/live and /health/ready are asked, then both answer 200 and ready names every store as up", async () => {
    expect(await probe(test.platform, "/health/live")).toMatchObject({
      status: 200,
      body: { status: "live" },
    });
    expect(await probe(test.platform, "/health/ready")).toMatchObject({
      status: 200,
      body: { status: "ready", stores: { eventStore: "up", readStore: "up" } },
    });
  });
});

await describeWithServer("health while the MongoDB read store is away", mongoServer, (mongo) => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-health-"));
  let proxy: TcpProxy;
  let platform: Platform;

  beforeAll(async () => {
    const route = proxiedUrl(mongo.url, 0);
    if (typeof route === "string") throw new Error(route);
    proxy = await startTcpProxy(route.target);
    const url = (proxiedUrl(mongo.url, proxy.port) as { url: string }).url;
    platform = await startPlatform({
      eventStore: openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) }),
      readStore: await withCollectionAliases(
        await openMongoReadStore({ url, database: `crm_health_${Date.now()}` }),
      ),
      apiKeys: TEST_API_KEYS,
      projectReadModels: false,
    });
  });
  afterAll(async () => {
    await proxy.restore();
    await platform.close();
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("given MongoDB cut off, when /health/ready is asked, then it answers 503 naming readStore within 2 s, and 200 again once MongoDB is back", async () => {
    expect((await probe(platform, "/health/ready")).status).toBe(200);

    await proxy.cut();
    const asked = Date.now();
    const down = await probe(platform, "/health/ready");
    expect(Date.now() - asked).toBeLessThan(2_000);
    expect(down.status).toBe(503);
    expect(down.headers["retry-after"]).toBeDefined();
    expect(down.body).toMatchObject({
      error: "unavailable",
      details: [{ store: "readStore" }],
    });
    expect(down.body.message).toContain("readStore");
    expect((await probe(platform, "/health/live")).status).toBe(200);

    await proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await probe(platform, "/health/ready")).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  });
});
