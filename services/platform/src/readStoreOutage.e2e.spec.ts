import { openMongoReadStore } from "@crm/read-store-mongodb";
import { mongoBehindAProxy } from "@crm/read-store-mongodb/testing";
import { describeWithServer, mongoServer } from "@crm/test-servers";
import { openedPerSuite } from "@crm/testing/specs";
import { expect, it } from "vitest";
import { startPlatformOn } from "./testing/ownComposition.ts";
import { aLead, apiClient } from "./testing/testPlatform.ts";

// Issue acceptance: a read while MongoDB is down is a 503, and the projector catches up
// after it returns. MongoDB is taken away by a TCP proxy between the platform and the
// server (the server may be shared by other suites), as a server that died would be.

await describeWithServer("reads while the MongoDB read store is down", mongoServer, (mongo) => {
  const database = `crm_outage_${Date.now()}`;
  const proxy = openedPerSuite(
    () => mongoBehindAProxy(mongo.url),
    (proxy) => proxy.close(),
  );
  const platform = openedPerSuite(
    async () => {
      const platform = await startPlatformOn(() => openMongoReadStore({ url: proxy.url, database }), {
        projectReadModels: true,
      });
      await platform.caughtUp;
      return platform;
    },
    (platform) => proxy.closeWithMongoBack(platform),
  );
  const client = apiClient(platform);

  it("given MongoDB gone, when views and search are read, then they answer 503 with Retry-After; commands are still recorded; once it is back the read models catch up", async () => {
    const before = await client("sales").post("/leads", aLead({ name: "Before The Outage" }));
    expect(before.status).toBe(201);
    expect((await client("analyst").get("/customers?q=Before%20The%20Outage")).body.items).toHaveLength(1);

    await proxy.cut();
    for (const url of ["/views/funnel", "/views/customer-value", "/customers?q=x", "/audit"]) {
      const role = url === "/audit" ? "auditor" : "analyst";
      const reply = await client(role).get(url);
      expect({ url, status: reply.status, error: reply.body.error }).toEqual({
        url,
        status: 503,
        error: "unavailable",
      });
      expect(reply.headers["retry-after"]).toBeDefined();
    }
    // The event store is up: a command is recorded, only its projection has to wait.
    const during = await client("sales").post("/leads", aLead({ name: "During The Outage" }));
    expect(during.status).toBe(201);

    await proxy.restore();
    let found: unknown[] = [];
    for (let attempt = 0; attempt < 100 && found.length === 0; attempt++) {
      const reply = await client("analyst").get("/customers?q=During%20The%20Outage");
      found = reply.status === 200 ? reply.body.items : [];
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found).toHaveLength(1);
    const funnel = await client("analyst").get("/views/funnel");
    expect(funnel.body.stages[0]).toMatchObject({ stage: "lead", reached: 2 });
  });
});
