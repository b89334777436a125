import type { CustomerCommandOf } from "./commands.ts";
import { type CustomerEvent, factOf } from "./events.ts";

// Contract section 10: a consent decision is recorded as given, every time (a renewed grant
// is a fact with its own date and source); an erasure is recorded once, the decider having
// refused every command on an erased customer before it gets here.
export const decidePersonalData = (
  command: CustomerCommandOf<"RecordConsent"> | CustomerCommandOf<"EraseCustomer">,
): CustomerEvent[] => {
  if (command.type === "RecordConsent")
    return factOf(command, "ConsentRecorded", {
      schemaVersion: 1,
      purpose: command.purpose,
      granted: command.granted,
      source: command.source ?? null,
    });
  return factOf(command, "PersonalDataErased", { schemaVersion: 1, reason: command.reason });
};
