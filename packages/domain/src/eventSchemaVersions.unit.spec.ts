import { describe, expect, it } from "vitest";
import { currentSchemaVersion, eventDataSchemaVersions } from "./eventSchemaVersions.ts";
import { CUSTOMER_EVENT_TYPES, eventDataSchemas } from "./events.ts";
import { upcastableVersions } from "./upcasting.ts";

// The versioning policy, checked: one list of versions per type, the newest is what the
// decider writes, and every older version has an upcaster (so it stays readable).

describe("event schema versions", () => {
  it.each(CUSTOMER_EVENT_TYPES)("given %s, then its newest listed version is the current schema", (type) => {
    const current = currentSchemaVersion(type);

    expect(eventDataSchemaVersions[type][current]).toBe(eventDataSchemas[type]);
    expect(eventDataSchemas[type].shape.schemaVersion.value).toBe(current);
  });

  it.each(CUSTOMER_EVENT_TYPES)(
    "given %s, then every older version, and only those, has an upcaster",
    (type) => {
      const versions = Object.keys(eventDataSchemaVersions[type]).map(Number);

      expect(versions).toEqual(versions.map((_, index) => index + 1));
      expect(upcastableVersions(type)).toEqual(versions.slice(0, -1));
    },
  );

  it.each(
    CUSTOMER_EVENT_TYPES.flatMap((type) =>
      Object.entries(eventDataSchemaVersions[type]).map(
        ([version, schema]) => [type, Number(version), schema] as const,
      ),
    ),
  )("given %s v%i, then its schema names that version", (_type, version, schema) => {
    expect(schema.shape.schemaVersion.def).toMatchObject({ type: "literal", values: [version] });
  });
});
