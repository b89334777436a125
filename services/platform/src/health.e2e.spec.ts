import { openMongoReadStore } from "@crm/read-store-mongodb";
import { mongoBehindAProxy } from "@crm/read-store-mongodb/testing";
import { describeWithServer, mongoServer } from "@crm/test-servers";
import { openedPerSuite } from "@crm/testing/specs";
import { describe, expect, it } from "vitest";
import type { Platform } from "./platform.ts";
import { startPlatformOn } from "./testing/ownComposition.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

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
  const proxy = openedPerSuite(
    () => mongoBehindAProxy(mongo.url),
    (proxy) => proxy.close(),
  );
  const platform = openedPerSuite(
    () => startPlatformOn(() => openMongoReadStore({ url: proxy.url, database: `crm_health_${Date.now()}` })),
    (platform) => proxy.closeWithMongoBack(platform),
  );

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
