import { CUSTOMER_EVENT_TYPES, type CustomerEventType, eventDataSchemaVersions } from "@crm/domain";
import { z } from "zod";

// Contract section 6: the event schemas are published as JSON Schema. They are
// generated from the zod schemas the domain parses with, never written by hand,
// so what is published is what is enforced. Draft-07, the dialect AsyncAPI's own
// schema format extends, so one schema serves both documents.

export type JsonSchema = { [key: string]: unknown };

export const JSON_SCHEMA_TARGET = "draft-07";

export type PublishedEventSchema = {
  type: CustomerEventType;
  version: number;
  /** `<type>.v<version>`: the schema's file name stem and its name inside the AsyncAPI document. */
  name: string;
  schema: JsonSchema;
};

export const eventSchemaName = (type: string, version: number): string => `${type}.v${version}`;

/** Every version of every event type's data, oldest version first (a topic replayed from its start holds them all). */
export const eventDataJsonSchemas = (): PublishedEventSchema[] =>
  CUSTOMER_EVENT_TYPES.flatMap((type) =>
    Object.entries(eventDataSchemaVersions[type]).map(([key, zodSchema]) => {
      const version = Number(key);
      const { $schema, ...generated } = z.toJSONSchema(zodSchema, { target: JSON_SCHEMA_TARGET });
      return {
        type,
        version,
        name: eventSchemaName(type, version),
        schema: {
          $schema,
          $id: `urn:crm:customer-events:${type}:v${version}`,
          title: `${type} v${version}`,
          description: `The data of a ${type} event with schemaVersion ${version}.`,
          ...generated,
        },
      };
    }),
  );

/** A schema as embedded in another document: no dialect or id of its own. */
export const embeddable = ({ $schema: _dialect, $id: _id, ...schema }: JsonSchema): JsonSchema => schema;
