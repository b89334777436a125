import { ensureConsoleBuilt } from "@crm/console/build";
import { beforeAll, describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// Contract section 13: the console is served by the same process at `/`; the API stays at
// /api/v1 and its documentation at /docs.

describe("the web console served at /", () => {
  // Built before the platform starts, which serves what it finds built.
  beforeAll(() => ensureConsoleBuilt());
  const crm = platformPerSuite();
  const get = async (url: string) => crm.platform.app.inject({ method: "GET", url });

  it("given the built console, when a browser asks for /, then it gets the page, never cached stale", async () => {
    const reply = await get("/");
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["content-type"]).toContain("text/html");
    expect(reply.body).toContain('<div id="root">');
    expect(reply.headers["cache-control"]).toBe("no-cache");
  });

  it("given a page's address inside the console, when it is opened directly, then the console's page answers", async () => {
    for (const url of [
      "/dashboards?asOf=2026-02-01",
      "/customers/8a7c8d2e-0000-4000-8000-000000000000",
      "/audit",
    ]) {
      const reply = await get(url);
      expect(reply.statusCode, url).toBe(200);
      expect(reply.body, url).toContain('<div id="root">');
    }
  });

  it("given the page's script, when it is fetched, then it is served and cached for good (its name changes with it)", async () => {
    const script = (await get("/")).body.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const reply = await get(script as string);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["cache-control"]).toContain("immutable");
  });

  it("given the console is served, when an unknown API route or the docs are asked for, then the API still answers as before", async () => {
    const unknown = await get("/api/v1/no-such-route");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: "not_found" });
    expect((await get("/docs/json")).statusCode).toBe(200);
    expect((await get("/docs/")).headers["content-type"]).toContain("text/html");
    expect((await crm.as("analyst").get("/views/funnel")).status).toBe(200);
  });
});
