import { PERSONAL_FIELDS, type PersonalField } from "@crm/domain";

// Reading and writing a personal field by its path in an event's data, on a copy.

export const personalFieldsOf = (type: string): readonly PersonalField[] => PERSONAL_FIELDS[type] ?? [];

export const valueAt = (data: unknown, path: readonly string[]): unknown => {
  let current = data;
  for (const step of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
};

/** Sets the value where the path leads, if every step before it exists. */
export const setValueAt = (data: unknown, path: readonly string[], value: unknown): void => {
  let current = data;
  for (const step of path.slice(0, -1)) {
    if (typeof current !== "object" || current === null) return;
    current = (current as Record<string, unknown>)[step];
  }
  const last = path.at(-1);
  if (typeof current === "object" && current !== null && last !== undefined && last in current)
    (current as Record<string, unknown>)[last] = value;
};
