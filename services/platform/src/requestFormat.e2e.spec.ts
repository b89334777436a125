import { beforeAll, describe, expect, it } from "vitest";
import { givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 8: requests that are not well-formed JSON commands are refused with the
// contract's code before anything is decided, and nothing is appended.

describe("requests that are not well-formed commands", () => {
  const crm = platformPerSuite();
  let customerId: string;
  beforeAll(async () => {
    customerId = await givenALead(crm);
  });

  const sendRaw = (payload: string, contentType: string) =>
    crm.as("sales").send("POST", "/leads", { payload, headers: { "content-type": contentType } });

  it("given malformed JSON, then 400 validation_failed and nothing is appended", async () => {
    const { reply, appended } = await crm.appendedBy(() => sendRaw('{"name": "Ada", ', "application/json"));

    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: "validation_failed", details: [expect.any(Object)] });
    expect(appended).toEqual([]);
  });

  it("given an empty JSON body, then 400 validation_failed", async () => {
    const reply = await sendRaw("", "application/json");

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
  });

  it("given a JSON array instead of an object, then 400 validation_failed", async () => {
    const reply = await crm.as("sales").post("/leads", [aLead()]);

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
  });

  it("given a body over 64 KiB, then 413 payload_too_large and nothing is appended", async () => {
    const body = JSON.stringify(aLead({ notes: "n".repeat(64 * 1024) }));

    const { reply, appended } = await crm.appendedBy(() => sendRaw(body, "application/json"));

    expect(reply).toMatchObject({
      status: 413,
      body: { error: "payload_too_large", message: expect.any(String) },
    });
    expect(appended).toEqual([]);
  });

  it("given a valid body just under 64 KiB, then it is read and judged on its fields", async () => {
    const body = JSON.stringify(
      aLead({ tags: Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(50, "t")) }),
    );
    expect(body.length).toBeLessThan(64 * 1024);

    const reply = await sendRaw(body, "application/json");

    expect(reply.status).toBe(201);
  });

  it.each([
    ["text/plain", JSON.stringify(aLead())],
    ["application/x-www-form-urlencoded", "name=Ada&source=web"],
    ["application/xml", "<lead><name>Ada</name></lead>"],
  ])(
    "given a %s body, then 415 unsupported_media_type and nothing is appended",
    async (contentType, payload) => {
      const { reply, appended } = await crm.appendedBy(() => sendRaw(payload, contentType));

      expect(reply).toMatchObject({ status: 415, body: { error: "unsupported_media_type" } });
      expect(appended).toEqual([]);
    },
  );

  it("given JSON with a charset parameter, then it is accepted", async () => {
    const reply = await sendRaw(JSON.stringify(aLead()), "application/json; charset=utf-8");

    expect(reply.status).toBe(201);
  });

  it.each(["utf-16", "UTF-16LE", "iso-8859-1", "latin1"])(
    "given JSON declared in charset %s, then 415 unsupported_media_type and nothing is appended",
    async (charset) => {
      const { reply, appended } = await crm.appendedBy(() =>
        sendRaw(JSON.stringify(aLead()), `application/json; charset=${charset}`),
      );

      expect(reply).toMatchObject({
        status: 415,
        body: { error: "unsupported_media_type", message: expect.stringMatching(/utf-8/i) },
      });
      expect(appended).toEqual([]);
    },
  );

  it.each(["UTF-8", '"utf-8"', "utf8"])(
    "given JSON declared in charset %s, then it is accepted",
    async (charset) => {
      const reply = await sendRaw(JSON.stringify(aLead()), `application/json; charset=${charset}`);

      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    },
  );

  it("given a known path with a method it does not have, then 405 method_not_allowed names the methods it has", async () => {
    const reply = await crm.as("auditor").send("DELETE", `/customers/${customerId}/verify`);

    expect(reply).toMatchObject({
      status: 405,
      body: { error: "method_not_allowed", message: expect.any(String) },
    });
    expect(reply.headers.allow).toBe("GET, HEAD");
  });

  it("given GET on a command's path (past the console's catch-all for pages), then 405 names POST", async () => {
    const reply = await crm.as("sales").get("/leads");

    expect(reply).toMatchObject({ status: 405, body: { error: "method_not_allowed" } });
    expect(reply.headers.allow).toBe("POST");
  });

  it("given an event position beyond what the store can hold (found by the fuzzer), then 400, not 500", async () => {
    const reply = await crm.as("admin").get("/events?after=9486357888741168153");

    expect(reply).toMatchObject({
      status: 400,
      body: { error: "validation_failed", details: [{ path: "after", in: "querystring" }] },
    });
  });

  it.each(["abc", '"-1"', '"1.5"', '""'])(
    "given If-Match %s, then 400 validation_failed names the header and nothing is appended",
    async (ifMatch) => {
      const { reply, appended } = await crm.appendedBy(() =>
        crm
          .as("sales")
          .post(`/customers/${customerId}/stage`, { stage: "qualified" }, { "if-match": ifMatch }),
      );

      expect(reply).toMatchObject({
        status: 400,
        body: { error: "validation_failed", details: [{ path: "If-Match", in: "headers" }] },
      });
      expect(appended).toEqual([]);
    },
  );

  it("given an Idempotency-Key over 200 characters, then 400 validation_failed names the header", async () => {
    const { reply, appended } = await crm.appendedBy(() =>
      crm.as("sales").post("/leads", aLead(), { "idempotency-key": "k".repeat(201) }),
    );

    expect(reply).toMatchObject({
      status: 400,
      body: { error: "validation_failed", details: [{ path: "Idempotency-Key", in: "headers" }] },
    });
    expect(appended).toEqual([]);
  });
});
