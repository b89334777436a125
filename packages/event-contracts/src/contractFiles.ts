import { asyncApiDocument } from "./asyncApiDocument.ts";
import { customerEventMessageJsonSchema } from "./customerEventMessageJsonSchema.ts";
import { embeddable, eventDataJsonSchemas } from "./eventDataJsonSchemas.ts";

// The published contract files (packages/event-contracts/schemas/), as text. The
// generate script writes them and a unit test compares them with the checked-in
// files, so the published contract cannot drift from the code.

export const CONTRACT_FILES_DIR = new URL("../schemas/", import.meta.url);

const asFileText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Relative path under schemas/ -> file text. */
export const contractFiles = (): Map<string, string> => {
  const events = eventDataJsonSchemas();
  const message = customerEventMessageJsonSchema(events, (name) => `#/definitions/${name}`);
  return new Map([
    ["asyncapi.json", asFileText(asyncApiDocument(events))],
    [
      "customer-event-message.schema.json",
      asFileText({
        ...message,
        definitions: Object.fromEntries(events.map((event) => [event.name, embeddable(event.schema)])),
      }),
    ],
    ...events.map((event) => [`events/${event.name}.schema.json`, asFileText(event.schema)] as const),
  ]);
};
