import type { CustomerRule } from "./customerRule.ts";
import type { Customer, CustomerProfile } from "./customerState.ts";
import { DomainError } from "./errors.ts";
import { type CustomerEvent, type EventData, factOf, PROFILE_FIELDS } from "./events.ts";

// Contract 9.1 and 9.2: correcting a profile, merging a duplicate into its survivor, and
// taking a suspected pair off the review queue. Merging spans two streams; the application
// appends MergedInto to the duplicate and CustomerMerged to the survivor, and both deciders
// answer a repeat with nothing, so a merge interrupted between the two can be completed later.

type Changes = EventData<"ProfileUpdated">["changes"];

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((value, index) => value === b[index])
    : a === b;

/** Only the fields whose value changes; null clears a field (tags: null leaves none). */
export const profileChanges = (
  profile: CustomerProfile,
  command: Partial<Record<(typeof PROFILE_FIELDS)[number], unknown>>,
): Changes => {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of PROFILE_FIELDS) {
    const given = command[field];
    if (given === undefined) continue;
    const to = given ?? (field === "tags" ? [] : null);
    const from = profile[field];
    if (!sameValue(from, to)) changes[field] = { from, to };
  }
  return changes as Changes;
};

/** A request that changes nothing records nothing (and answers the current revision). */
export const updateProfile: CustomerRule<"UpdateProfile"> = (command, customer) => {
  const changes = profileChanges(customer.profile, command);
  if (Object.keys(changes).length === 0) return [];
  return factOf(command, "ProfileUpdated", { schemaVersion: 1, changes });
};

/** The survivor's side. Absorbing the same duplicate again records nothing: it completes a merge. */
export const mergeCustomer: CustomerRule<"MergeCustomer"> = (command, customer) => {
  if (command.duplicateId === customer.profile.customerId)
    throw new DomainError("invalid_transition", "a customer cannot be merged with itself");
  return factOf(command, "CustomerMerged", {
    schemaVersion: 1,
    duplicateId: command.duplicateId,
    note: command.note ?? null,
  });
};

/** The duplicate's side, its last event. */
export const markMergedInto: CustomerRule<"MarkMergedInto"> = (command, customer) => {
  if (command.survivorId === customer.profile.customerId)
    throw new DomainError("invalid_transition", "a customer cannot be merged with itself");
  return factOf(command, "MergedInto", { schemaVersion: 1, customerId: command.survivorId });
};

/** Dismissing a pair twice records nothing the second time. */
export const dismissDuplicate: CustomerRule<"DismissDuplicate"> = (command, customer) => {
  if (command.candidateId === customer.profile.customerId)
    throw new DomainError("invalid_transition", "a customer is not its own duplicate");
  if (customer.dismissedCandidates.has(command.candidateId)) return [];
  return factOf(command, "DuplicateDismissed", { schemaVersion: 1, candidateId: command.candidateId });
};

/**
 * Contract 9.2: a merged duplicate takes no more commands (`422 merged`, naming its survivor),
 * except the repeat of its own merge, which records nothing; asked to absorb another customer
 * it is an already-merged side (`422 invalid_transition`). Null: the command may go on.
 */
export const refusalOfMerged = (
  command: { type: string; survivorId?: string },
  customer: Customer,
): CustomerEvent[] | null => {
  const { mergedInto } = customer;
  if (mergedInto === null) return null;
  if (command.type === "MarkMergedInto" && command.survivorId === mergedInto) return [];
  if (command.type === "MergeCustomer" || command.type === "MarkMergedInto")
    throw new DomainError("invalid_transition", "this customer is already merged into another", {
      mergedInto,
    });
  throw new DomainError("merged", "this customer was merged into another; address the survivor", {
    mergedInto,
  });
};
