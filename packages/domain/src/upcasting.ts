import type { CustomerEventType } from "./events.ts";

// Old event versions stay readable: an upcaster lifts a stored version to the
// next one, and reading applies them until the data is in the current schema.
// Every event type is at version 1 today; a v2 adds its upcaster here.
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

const upcasters: Partial<Record<CustomerEventType, Record<number, Upcaster>>> = {};

export const upcastEventData = (type: CustomerEventType, data: unknown): unknown => {
  let current = data as Record<string, unknown>;
  for (;;) {
    const version = typeof current.schemaVersion === "number" ? current.schemaVersion : 1;
    const lift = upcasters[type]?.[version];
    if (!lift) return current;
    current = lift(current);
  }
};
