import { januaryDay, leadCreated as leadOf } from "@crm/domain/testing";
import { inMemoryEventStore } from "@crm/event-store";
import { withOutages } from "@crm/event-store/testing";
import { stopAfterEach } from "@crm/testing/specs";
import { describe, expect, it } from "vitest";
import { type ApiRequest, apiSpecification } from "./testing/apiSpecification.ts";

// The API's own behaviour (contract sections 2, 7 and 8) through fastify.inject on the
// in-memory event store: who may do what, what every refusal looks like, and what an
// Idempotency-Key guarantees. The customer's rules are specified in packages/domain.

const ada = "7d9c1c7e-6a43-4f4e-9a51-0b6f6d1f2a01";
const at = januaryDay;
const leadCreated = leadOf(ada);
const aLead = { name: "Li Lei", company: "北京移动", email: "li@example.cn", source: "web" };
const createLead = (extra: Partial<ApiRequest> = {}): ApiRequest => ({
  method: "POST",
  url: "/api/v1/leads",
  as: "sales",
  payload: aLead,
  ...extra,
});
const advance = (stage: string, extra: Partial<ApiRequest> = {}): ApiRequest => ({
  method: "POST",
  url: `/api/v1/customers/${ada}/stage`,
  as: "sales",
  payload: { stage, occurredAt: at(2) },
  ...extra,
});

const started = stopAfterEach();
const api = async (options: Parameters<typeof apiSpecification>[0] = {}) =>
  started(await apiSpecification(options));

describe("access (contract section 7)", () => {
  it("given no key, when a command is sent, then 401 and nothing is appended", async () => {
    await (await api())
      .given({ [ada]: [leadCreated] })
      .when(advance("qualified", { as: undefined }))
      .then({ status: 401, body: { error: "unauthorized" } });
  });

  it("given an unknown key, when a command is sent, then 401", async () => {
    await (await api())
      .given()
      .when(createLead({ as: undefined, headers: { authorization: "Bearer not-a-key" } }))
      .then({ status: 401, body: { error: "unauthorized" } });
  });

  it("given the analyst's key, when it advances a stage, then 403 naming the role and nothing is appended", async () => {
    await (await api())
      .given({ [ada]: [leadCreated] })
      .when(advance("qualified", { as: "analyst" }))
      .then({ status: 403, body: { error: "forbidden", message: "the role analyst may not advanceStage" } });
  });

  it("given no key, when /health is asked, then it answers: health is public", async () => {
    const response = await (await api()).send({ method: "GET", url: "/health" });
    expect(response).toMatchObject({ status: 200, body: { status: "ok" } });
  });
});

describe("refusals (contract section 8): {error, message, details?}", () => {
  it("given a lead without a name, when it is created, then 400 validation_failed names the field", async () => {
    const response = await (await api())
      .given()
      .when(createLead({ payload: { ...aLead, name: undefined } }))
      .then({ status: 400, body: { error: "validation_failed" } });
    expect(response.body.details).toEqual([expect.objectContaining({ path: "name", in: "body" })]);
  });

  it("given a field the contract does not know, when a lead is created, then 400 names it", async () => {
    const response = await (await api())
      .given()
      .when(createLead({ payload: { ...aLead, nickname: "Lei" } }))
      .then({ status: 400, body: { error: "validation_failed" } });
    expect(response.body.details).toEqual([
      { path: "nickname", in: "body", message: "is not a known field" },
    ]);
  });

  it("given a body that is not JSON, when it is sent, then 400 validation_failed", async () => {
    await (await api())
      .given()
      .when(createLead({ payload: "{not json", headers: { "content-type": "application/json" } }))
      .then({ status: 400, body: { error: "validation_failed", message: "the body is not valid JSON" } });
  });

  it("given a form body, when it is sent, then 415", async () => {
    await (await api())
      .given()
      .when(
        createLead({ payload: "name=Li", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      )
      .then({ status: 415, body: { error: "unsupported_media_type" } });
  });

  it("given no customer, when a command names it, then 404 not_found", async () => {
    await (await api())
      .given()
      .when(advance("qualified"))
      .then({ status: 404, body: { error: "not_found" } });
  });

  it("given no such route, when it is asked, then 404 in the same body", async () => {
    await (await api())
      .given()
      .when({ method: "GET", url: "/api/v1/nothing-here", as: "admin" })
      .then({ status: 404, body: { error: "not_found", message: "no route GET /api/v1/nothing-here" } });
  });

  it("given a lead, when it jumps to a stage the rules forbid, then 422 invalid_transition and nothing is appended", async () => {
    await (await api())
      .given({ [ada]: [leadCreated] })
      .when(advance("qualified"), advance("lead"))
      .then({
        status: 422,
        body: { error: "invalid_transition" },
        newEvents: { [ada]: [{ type: "StageAdvanced" }] },
      });
  });

  it("given a customer at revision 0, when If-Match says 5, then 412 with the current revision", async () => {
    await (await api())
      .given({ [ada]: [leadCreated] })
      .when(advance("qualified", { headers: { "if-match": '"5"' } }))
      .then({ status: 412, body: { error: "revision_mismatch", details: { currentRevision: 0 } } });
  });

  it("given an If-Match that is not a revision, when sent, then 400 names the header", async () => {
    await (await api())
      .given({ [ada]: [leadCreated] })
      .when(advance("qualified", { headers: { "if-match": "yesterday" } }))
      .then({
        status: 400,
        body: { error: "validation_failed", details: [{ path: "If-Match", in: "headers" }] },
      });
  });

  it("given a customer with this email, when another lead has it, then 409 duplicate naming the customer", async () => {
    await (await api())
      .given()
      .when(
        createLead({ payload: { ...aLead, customerId: ada } }),
        createLead({ payload: { ...aLead, name: "L. Lei" } }),
      )
      .then({
        status: 409,
        body: { error: "duplicate", details: { duplicateOf: [ada] } },
        newEvents: { [ada]: [{ type: "LeadCreated" }] },
      });
  });

  it("given the event store is down, when a command is sent, then 503 with Retry-After and nothing recorded", async () => {
    const events = withOutages(inMemoryEventStore());
    const spec = await api({ eventStore: events.eventStore });
    const response = await spec.send(createLead());
    events.goDown();
    const refused = await spec.send(createLead({ payload: { ...aLead, email: "other@example.cn" } }));

    expect(response.status).toBe(201);
    expect(refused).toMatchObject({
      status: 503,
      body: { error: "unavailable" },
      headers: { "retry-after": "5" },
    });
  });

  it("given the read store is down, when a view is asked, then 503 with Retry-After", async () => {
    const response = await (await api()).send({ method: "GET", url: "/api/v1/views/funnel", as: "analyst" });
    expect(response).toMatchObject({
      status: 503,
      body: { error: "unavailable" },
      headers: { "retry-after": "5" },
    });
  });
});

describe("Idempotency-Key (contract section 2)", () => {
  const withKey = (key: string, extra: Partial<ApiRequest> = {}) =>
    createLead({ headers: { "idempotency-key": key }, ...extra });

  it("given a create with a key, when it is repeated, then the first answer returns and one lead exists", async () => {
    const spec = await api();
    const first = await spec.send(withKey("k-1"));
    await spec.given().when(withKey("k-1")).then({ status: 201, body: first.body });
    const repeated = await spec.send(withKey("k-1"));
    expect(repeated.headers["idempotent-replayed"]).toBe("true");
  });

  it("given a key used for one body, when another body comes with it, then 422 and nothing is appended", async () => {
    const spec = await api();
    await spec.send(withKey("k-2"));
    await spec
      .given()
      .when(withKey("k-2", { payload: { ...aLead, name: "Someone Else", email: "else@example.cn" } }))
      .then({ status: 422, body: { error: "idempotency_key_reused" } });
  });

  it("given a refused command with a key, when it is repeated, then the same refusal returns", async () => {
    await (await api())
      .given({ [ada]: [leadCreated] })
      .when(
        advance("lead", { headers: { "idempotency-key": "k-3" } }),
        advance("lead", { headers: { "idempotency-key": "k-3" } }),
      )
      .then({ status: 422, body: { error: "invalid_transition" } });
  });

  it("given a key longer than 200 characters, when sent, then 400 names the header", async () => {
    await (await api())
      .given()
      .when(withKey("k".repeat(201)))
      .then({ status: 400, body: { error: "validation_failed", details: [{ path: "Idempotency-Key" }] } });
  });
});
