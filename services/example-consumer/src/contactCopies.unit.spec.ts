import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contactCopies } from "./contactCopies.ts";
import { type CustomerEventMessage, messageValidator } from "./publishedContract.ts";

// Contract 10.1: a consumer honours PersonalDataErased by erasing its own copy.

const samples = JSON.parse(
  readFileSync(new URL("./testing/sampleMessages.json", import.meta.url), "utf8"),
) as CustomerEventMessage[];
const lead = samples.find((message) => message.type === "LeadCreated") as CustomerEventMessage;
const erasure: CustomerEventMessage = {
  ...lead,
  eventId: "9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  type: "PersonalDataErased",
  schemaVersion: 1,
  revision: 9,
  data: { schemaVersion: 1, reason: "data subject request" },
} as CustomerEventMessage;

describe("a downstream copy of contacts", () => {
  it("given PersonalDataErased as the published schema describes it, then the copy is erased and a replay does not restore it", () => {
    expect(messageValidator()(erasure)).toMatchObject({ valid: true });
    const copies = contactCopies();
    copies.apply(lead);
    expect(copies.contactOf(lead.customerId)).toBeDefined();

    copies.apply(erasure);
    copies.apply(lead);

    expect(copies.contactOf(lead.customerId)).toBeUndefined();
    expect(copies.size()).toBe(0);
  });
});
