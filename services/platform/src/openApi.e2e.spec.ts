import { describe, expect, it } from "vitest";
import { platformPerSuite } from "./testing/platformPerSuite.ts";

describe("the OpenAPI document at /docs", () => {
  const crm = platformPerSuite();

  it("given the platform, when a client fetches /docs/json, then every route of the contract is documented with its schemas", async () => {
    const response = await crm.platform.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        "POST /api/v1/leads",
        "POST /api/v1/customers/{id}/stage",
        "POST /api/v1/customers/{id}/interactions",
        "POST /api/v1/customers/{id}/complaints",
        "POST /api/v1/customers/{id}/complaints/{complaintId}/acknowledge",
        "POST /api/v1/customers/{id}/complaints/{complaintId}/resolve",
        "POST /api/v1/customers/{id}/purchases",
        "PUT /api/v1/customers/{id}/owner",
        "GET /api/v1/customers/{id}",
        "GET /api/v1/customers/{id}/history",
        "GET /api/v1/customers/{id}/verify",
        "GET /api/v1/audit",
        "GET /api/v1/customers",
        "GET /api/v1/customers/export.csv",
        "GET /api/v1/views/funnel",
        "GET /api/v1/views/lifecycle",
        "GET /api/v1/views/churn",
        "GET /api/v1/views/customer-value",
        // Contract 9.3 - 9.6
        "POST /api/v1/customers/{id}/claim",
        "POST /api/v1/customers/{id}/release",
        "POST /api/v1/customers/{id}/follow-ups",
        "POST /api/v1/customers/{id}/follow-ups/{followUpId}/complete",
        "GET /api/v1/follow-ups",
        "GET /api/v1/customers/{id}/timeline",
        "GET /api/v1/views/stage-velocity",
        "GET /api/v1/views/activity",
      ]),
    );
    const createLead = document.paths["/api/v1/leads"].post;
    const body = createLead.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(expect.arrayContaining(["name", "source"]));
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(createLead.responses)).toContain("201");
    const interaction = document.paths["/api/v1/customers/{id}/interactions"].post;
    expect(interaction.responses["201"].content["application/json"].schema.required).toContain(
      "interactionId",
    );
  });

  it("given the document, then every operation lists its refusals with the contract's error body", async () => {
    const document = (await crm.platform.app.inject({ method: "GET", url: "/docs/json" })).json();
    const errorBody = { $ref: "#/components/schemas/Error" };
    expect(document.components.schemas.Error.required).toEqual(["error", "message"]);
    for (const [path, methods] of Object.entries(
      document.paths as Record<
        string,
        Record<
          string,
          {
            tags?: string[];
            security?: unknown[];
            requestBody?: unknown;
            responses: Record<string, { content: Record<string, { schema: unknown }> }>;
          }
        >
      >,
    )) {
      if (!path.startsWith("/api/")) continue;
      for (const [method, operation] of Object.entries(methods)) {
        // Customer commands (tagged so) also refuse by their rules, keys and If-Match.
        const command = operation.tags?.includes("commands") === true;
        const expected = ["400", "503"];
        if (operation.security) expected.push("401", "403");
        if (path.includes("{")) expected.push("404", "414");
        if (operation.requestBody) expected.push("413", "415");
        if (command) expected.push("404", "409", "422");
        if (command && path.includes("{")) expected.push("412");
        for (const status of expected)
          expect(
            operation.responses[status]?.content["application/json"]?.schema,
            `${method} ${path} ${status}`,
          ).toEqual(errorBody);
      }
    }
  });

  it("given the command bodies, then the document states their constraints", async () => {
    const document = (await crm.platform.app.inject({ method: "GET", url: "/docs/json" })).json();
    const body = (path: string) => document.paths[path].post.requestBody.content["application/json"].schema;
    const lead = body("/api/v1/leads").properties;
    expect(lead.email).toMatchObject({ format: "email", pattern: expect.any(String), maxLength: 254 });
    expect(lead.expectedValue).toMatchObject({ multipleOf: 0.01, minimum: 0 });
    expect(lead.name).toMatchObject({ minLength: 1, maxLength: 200, pattern: expect.any(String) });
    expect(lead.occurredAt.allOf).toEqual([{ pattern: expect.stringContaining("19[7-9]") }]);
    expect(lead.occurredAt.description).toMatch(/1970.*5 minutes/s);
    const nameRule = new RegExp(lead.name.pattern, "u");
    for (const refused of ["\u0000", "\u200b\u200b", "  ", "a\u0007b"])
      expect(nameRule.test(refused)).toBe(false);
    for (const accepted of ["Ada", " 北京移动 ", "\tLi Lei\n"]) expect(nameRule.test(accepted)).toBe(true);
    const stage = body("/api/v1/customers/{id}/stage");
    expect(stage.oneOf).toEqual([
      expect.objectContaining({ properties: { stage: { enum: ["won"] } }, required: ["amount"] }),
      expect.objectContaining({ properties: { stage: { enum: ["lost"] } }, required: ["lostReason"] }),
      expect.objectContaining({
        properties: { stage: { enum: ["lead", "qualified", "proposal", "negotiation"] } },
      }),
    ]);
    expect(body("/api/v1/customers/{id}/purchases").properties.amount).toMatchObject({ multipleOf: 0.01 });
  });

  it("given a browser, when it opens /docs, then the interactive documentation is served", async () => {
    const response = await crm.platform.app.inject({ method: "GET", url: "/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
  });
});
