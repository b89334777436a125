import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

// Everything this consumer knows about the CRM comes from the two published files:
// the AsyncAPI document (which topic, what key) and the message's JSON Schema (what
// a message must look like). No CRM code is imported.

const publishedFile = (path: string) =>
  JSON.parse(readFileSync(new URL(import.meta.resolve(`@crm/event-contracts/schemas/${path}`)), "utf8"));

type AsyncApiDocument = {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
};

/** The topic of the channel that carries the customerEvent message. */
export const customerEventsTopic = (): string => {
  const document = publishedFile("asyncapi.json") as AsyncApiDocument;
  const channel = Object.values(document.channels).find((candidate) =>
    Object.values(candidate.messages).some(
      (message) => message.$ref === "#/components/messages/customerEvent",
    ),
  );
  if (!channel) throw new Error("the AsyncAPI document has no channel for customerEvent");
  return channel.address;
};

/** The message as the schema describes it; `data` is typed loosely, by type and schemaVersion. */
export type CustomerEventMessage = {
  eventId: string;
  type: string;
  schemaVersion: number;
  customerId: string;
  revision: number;
  position: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  correlationId: string;
  causationId: string;
  data: Record<string, unknown>;
};

export type Checked = { valid: true; message: CustomerEventMessage } | { valid: false; reason: string };

/** Checks a decoded message against customer-event-message.schema.json. */
export const messageValidator = () => {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  const validate = ajv.compile<CustomerEventMessage>(publishedFile("customer-event-message.schema.json"));
  return (value: unknown): Checked =>
    validate(value)
      ? { valid: true, message: value }
      : { valid: false, reason: ajv.errorsText(validate.errors) };
};
