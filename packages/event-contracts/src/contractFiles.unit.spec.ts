import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONTRACT_FILES_DIR, contractFiles } from "./contractFiles.ts";

// The published contract cannot drift from the code: the checked-in files under schemas/
// must be exactly what the generator makes now. On failure: npm run -w @crm/event-contracts generate.

const root = fileURLToPath(CONTRACT_FILES_DIR);
const checkedIn = () =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length))
    .sort();

describe("the published contract files", () => {
  const generated = contractFiles();

  it("given the code as it is, then schemas/ holds exactly the generated files, no more", () => {
    expect(checkedIn()).toEqual([...generated.keys()].sort());
  });

  it.each([...generated.keys()])("given %s, then the checked-in file equals a fresh generation", (path) => {
    expect(readFileSync(join(root, path), "utf8")).toBe(generated.get(path));
  });

  it("then every version of every event type is published, old ones included", () => {
    expect([...generated.keys()].filter((path) => path.startsWith("events/")).sort()).toEqual([
      "events/ComplaintAcknowledged.v1.schema.json",
      "events/ComplaintFiled.v1.schema.json",
      "events/ComplaintResolved.v1.schema.json",
      "events/ConsentRecorded.v1.schema.json",
      "events/CustomerMerged.v1.schema.json",
      "events/DuplicateDismissed.v1.schema.json",
      "events/FollowUpCompleted.v1.schema.json",
      "events/FollowUpScheduled.v1.schema.json",
      "events/InteractionLogged.v1.schema.json",
      "events/InteractionLogged.v2.schema.json",
      "events/LeadCreated.v1.schema.json",
      "events/MergedInto.v1.schema.json",
      "events/OwnerAssigned.v1.schema.json",
      "events/OwnerAssigned.v2.schema.json",
      "events/PersonalDataErased.v1.schema.json",
      "events/ProfileUpdated.v1.schema.json",
      "events/PurchaseRecorded.v1.schema.json",
      "events/ReferralCredited.v1.schema.json",
      "events/StageAdvanced.v1.schema.json",
    ]);
  });
});
