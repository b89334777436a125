import type { CustomerEventType } from "./events.ts";

// Old event versions stay readable: an upcaster lifts a stored version to the
// next one, and reading applies them until the data is in the current schema.
// Stored events are never rewritten (their hashes cover the stored form), so
// every upcaster stays here for as long as any store may hold its version.
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * InteractionLogged v1 -> v2: department and outcome became required. An early v1
 * interaction without them was a sales contact with no recorded outcome, which is
 * also what the command defaults to; a v1 that has them keeps them.
 */
const interactionLoggedV1ToV2: Upcaster = ({ department, outcome, ...rest }) => ({
  ...rest,
  schemaVersion: 2,
  department: department ?? "sales",
  outcome: outcome ?? null,
});

/**
 * OwnerAssigned v1 -> v2 (contract 9.3): before the pool had its own commands every change of
 * hands was PUT /owner, so a v1 assignment's reason is `assigned`, and it carried no note.
 */
const ownerAssignedV1ToV2: Upcaster = (data) => ({
  ...data,
  schemaVersion: 2,
  reason: "assigned",
  note: null,
});

const upcasters: Partial<Record<CustomerEventType, Record<number, Upcaster>>> = {
  InteractionLogged: { 1: interactionLoggedV1ToV2 },
  // Contract 9.3 (the pool)
  OwnerAssigned: { 1: ownerAssignedV1ToV2 },
  // end 9.3
};

/** The versions of a type that have an upcaster, i.e. that are not its current one. */
export const upcastableVersions = (type: CustomerEventType): number[] =>
  Object.keys(upcasters[type] ?? {}).map(Number);

export const upcastEventData = (type: CustomerEventType, data: unknown): unknown => {
  let current = data as Record<string, unknown>;
  for (;;) {
    const version = typeof current.schemaVersion === "number" ? current.schemaVersion : 1;
    const lift = upcasters[type]?.[version];
    if (!lift) return current;
    current = lift(current);
  }
};
