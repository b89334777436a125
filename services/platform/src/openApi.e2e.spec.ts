import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "./testing/testPlatform.ts";

describe("the OpenAPI document at /docs", () => {
  let crm: TestPlatform;
  beforeAll(async () => {
    crm = await startTestPlatform();
  });
  afterAll(() => crm.close());

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

  it("given a browser, when it opens /docs, then the interactive documentation is served", async () => {
    const response = await crm.platform.app.inject({ method: "GET", url: "/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
  });
});
