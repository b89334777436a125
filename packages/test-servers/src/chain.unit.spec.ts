import { afterEach, describe, expect, it, vi } from "vitest";
import { envRoute, firstAvailable, isUnavailable, type Route } from "./chain.ts";

const closed =
  (reason: string): Route<{ url: string }> =>
  async () =>
    reason;

describe("the server chain", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("takes the first route that gives a server", async () => {
    vi.stubEnv("SMOKE_URL", "mongodb://127.0.0.1:1/");
    const never: Route<{ url: string }> = async () => {
      throw new Error("a later route must not be tried");
    };

    const server = await firstAvailable("Smoke", [envRoute("SMOKE_URL", "x", (url) => ({ url })), never]);

    expect(server).toMatchObject({ url: "mongodb://127.0.0.1:1/", source: "env" });
  });

  it("is unavailable with every route's reason when none gives a server", async () => {
    vi.stubEnv("SMOKE_URL", "");

    const server = await firstAvailable("Smoke", [
      envRoute("SMOKE_URL", "mongodb://127.0.0.1:27017/", (url) => ({ url })),
      closed("testcontainers: no Docker engine answers"),
      closed("local: 'go' is not on PATH"),
    ]);

    expect(isUnavailable(server) && server.unavailable).toBe(
      [
        "no Smoke server here:",
        "  - env: SMOKE_URL is not set (e.g. SMOKE_URL=mongodb://127.0.0.1:27017/)",
        "  - testcontainers: no Docker engine answers",
        "  - local: 'go' is not on PATH",
      ].join("\n"),
    );
  });
});
