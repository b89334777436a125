import { z } from "zod";
import { customerEventMessageSchema } from "./customerEventMessage.ts";
import { JSON_SCHEMA_TARGET, type JsonSchema, type PublishedEventSchema } from "./eventDataJsonSchemas.ts";

// The topic's message (contract section 6) as JSON Schema: the envelope generated
// from its zod schema, with `data` one of the event schemas, and each (type,
// schemaVersion) pair tied to its own data schema, so a message whose data does
// not fit its type is invalid even when it would fit another type.

export const customerEventMessageJsonSchema = (
  events: readonly PublishedEventSchema[],
  /** Where an event schema is found: `#/definitions/...` in the file, `#/components/schemas/...` in AsyncAPI. */
  refTo: (name: string) => string,
): JsonSchema => {
  const { $schema, ...envelope } = z.toJSONSchema(customerEventMessageSchema, { target: JSON_SCHEMA_TARGET });
  const properties = envelope.properties as JsonSchema;
  return {
    $schema,
    $id: "urn:crm:customer-events:message",
    title: "CustomerEventMessage",
    description:
      "A customer event on topic crm.customer-events.v1, keyed by customerId. Delivery is at least once: " +
      "(customerId, revision) identifies an event, so consumers de-duplicate on it.",
    ...envelope,
    properties: {
      ...properties,
      data: {
        description: "The event's data, in the schema named by type and schemaVersion.",
        oneOf: events.map((event) => ({ $ref: refTo(event.name) })),
      },
    },
    allOf: events.map((event) => ({
      if: {
        properties: { type: { const: event.type }, schemaVersion: { const: event.version } },
        required: ["type", "schemaVersion"],
      },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited
      then: { properties: { data: { $ref: refTo(event.name) } } },
    })),
  };
};
