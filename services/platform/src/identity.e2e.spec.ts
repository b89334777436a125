import { ROLES } from "@crm/api";
import { describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

// GET /me: whom a key belongs to, so a client (the console) shows what that role may do.

describe("GET /me, who the API key belongs to", () => {
  const crm = platformPerSuite();

  it.each(ROLES)(
    "given the %s key, when it asks who it is, then it hears its actor and role",
    async (role) => {
      const reply = await crm.as(role).get("/me");
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ actorId: `${role}-actor`, role });
    },
  );

  it("given no key or an unknown one, when it asks, then it is 401", async () => {
    expect((await crm.as(null).get("/me")).status).toBe(401);
    const unknown = await crm.as(null).get("/me", { authorization: "Bearer not-a-key" });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe("unauthorized");
  });
});
