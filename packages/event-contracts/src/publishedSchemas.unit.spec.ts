import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { CUSTOMER_EVENTS_TOPIC } from "./customerEventMessage.ts";
import { messageFixtures, readContractFile, schemaValidator } from "./testing/publishedSchemas.ts";

// What a consumer downloads must be usable as it is: the JSON Schemas compile in a strict
// validator, accept the messages the platform has really published (old versions included),
// refuse a message whose data does not fit its type, and the AsyncAPI document is valid AsyncAPI 3.0.

type AsyncApi = {
  asyncapi: string;
  channels: Record<string, { address: string }>;
  components: { messages: Record<string, { bindings: { kafka: { key: { description: string } } } }> };
};

const validator = schemaValidator();
const interaction = () => {
  const message = messageFixtures().find((m) => m.type === "InteractionLogged");
  if (!message) throw new Error("fixture without an InteractionLogged message");
  return message;
};

describe("the published JSON Schemas", () => {
  it("given messages published before InteractionLogged v2, then they are valid messages and valid v1 data", () => {
    for (const message of messageFixtures()) {
      expect(validator.message(message)).toBeNull();
      expect(validator.eventData(message.type, message.schemaVersion, message.data)).toBeNull();
    }
  });

  it("given a v1 interaction without department and outcome (the earliest shape), then it is valid v1 and not v2", () => {
    const { department: _d, outcome: _o, ...earliest } = interaction().data;

    expect(validator.eventData("InteractionLogged", 1, earliest)).toBeNull();
    expect(validator.eventData("InteractionLogged", 2, { ...earliest, schemaVersion: 2 })).toMatch(
      /department/,
    );
  });

  it("given a message whose data fits another type, or another version, than the one it names, then it is invalid", () => {
    const leadCreated = messageFixtures().find((m) => m.type === "LeadCreated");

    expect(validator.message({ ...interaction(), data: leadCreated?.data })).not.toBeNull();
    expect(validator.message({ ...interaction(), schemaVersion: 2 })).not.toBeNull();
    expect(validator.message({ ...interaction(), type: "ComplaintFiled" })).not.toBeNull();
  });

  it("given a message missing its key field or with an unknown field, then it is invalid", () => {
    const { customerId: _missing, ...withoutKey } = interaction();

    expect(validator.message(withoutKey)).toMatch(/customerId/);
    expect(validator.message({ ...interaction(), extra: true })).not.toBeNull();
    expect(validator.message({ ...interaction(), recordedAt: "yesterday" })).toMatch(/recordedAt/);
  });
});

describe("the published AsyncAPI document", () => {
  const document = readContractFile<AsyncApi>("asyncapi.json");

  it("given the AsyncAPI 3.0.0 specification's own schema, then the document is valid", () => {
    const specs = createRequire(import.meta.url)("@asyncapi/specs/schemas/3.0.0.json");
    // The specification ships its own copy of the draft-07 meta-schema: use it, not ajv's.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats.default(ajv);
    const validate = ajv.compile(specs);

    expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
    // The check can fail: AsyncAPI 2's "publish" is not an operation action in 3.0.
    const operations = { publishCustomerEvents: { action: "publish", channel: { $ref: "#/channels/x" } } };
    expect(validate({ ...document, operations })).toBe(false);
  });

  it("then it names the topic and keys messages by customerId", () => {
    expect(Object.values(document.channels).map((channel) => channel.address)).toEqual([
      CUSTOMER_EVENTS_TOPIC,
    ]);
    expect(document.components.messages.customerEvent?.bindings.kafka.key.description).toMatch(/customerId/);
  });
});
