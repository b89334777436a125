// A form's fields as the API's JSON body: empty fields are left out (the API's defaults
// apply), numbers are numbers, checkboxes are booleans, lists are split on commas.

export type FieldKinds = {
  numbers?: string[];
  booleans?: string[];
  lists?: string[];
  nullable?: string[];
  /** datetime-local fields: the person's local time, sent as an ISO instant. */
  instants?: string[];
};

export const formBody = (data: FormData, kinds: FieldKinds = {}): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const name of kinds.booleans ?? []) body[name] = data.get(name) === "true";
  for (const [name, raw] of data.entries()) {
    if (typeof raw !== "string" || kinds.booleans?.includes(name)) continue;
    const value = raw.trim();
    if (value === "") {
      if (kinds.nullable?.includes(name)) body[name] = null;
      continue;
    }
    if (kinds.numbers?.includes(name)) body[name] = Number(value);
    else if (kinds.instants?.includes(name))
      body[name] = Number.isNaN(Date.parse(value)) ? value : new Date(value).toISOString();
    else if (kinds.lists?.includes(name))
      body[name] = value
        .split(/[,，]/)
        .map((item) => item.trim())
        .filter(Boolean);
    else body[name] = raw;
  }
  return body;
};
