import type { CustomerCommandOf } from "./commands.ts";
import type { CustomerRule } from "./customerRule.ts";
import type { Customer } from "./customerState.ts";
import { DomainError } from "./errors.ts";
import { type CustomerEvent, factOf } from "./events.ts";
import { isOpenStage } from "./stages.ts";

// Contract 9.3, the shared pool (公海): a customer without owner may be claimed by any sales
// rep, its owner may give it back, and the platform takes back what an owner leaves idle.

const DAY_MS = 86_400_000;

/**
 * Where the customer's idle period starts after an event: its latest activity (an interaction,
 * a stage move, a completed follow-up) or the start of the current ownership (a claim, or an
 * assignment: a customer handed to a rep today is not idle today, however quiet it was before).
 */
export const activeSinceAfter = (activeSince: string, event: CustomerEvent): string => {
  const countsAsActivity =
    event.type === "InteractionLogged" ||
    event.type === "StageAdvanced" ||
    event.type === "FollowUpCompleted" ||
    (event.type === "OwnerAssigned" && event.data.ownerId !== null);
  if (!countsAsActivity) return activeSince;
  // A back-dated call does not move the period back.
  return Date.parse(event.occurredAt) > Date.parse(activeSince) ? event.occurredAt : activeSince;
};

/** Whether the return rule applies at `now`: owned, in an open stage, and idle for `idleDays`. */
export const isIdle = (customer: Customer, idleDays: number, now: string): boolean =>
  customer.ownerId !== null &&
  isOpenStage(customer.stage) &&
  Date.parse(now) - Date.parse(customer.activeSince) >= idleDays * DAY_MS;

export const claimCustomer: CustomerRule<"ClaimCustomer"> = (command, customer) => {
  if (customer.ownerId !== null)
    throw new DomainError("already_owned", "the customer already has an owner", {
      ownerId: customer.ownerId,
    });
  return factOf(command, "OwnerAssigned", {
    schemaVersion: 2,
    ownerId: command.claimantId,
    previousOwnerId: null,
    reason: "claimed",
    note: null,
  });
};

export const releaseCustomer: CustomerRule<"ReleaseCustomer"> = (command, customer) => {
  if (customer.ownerId === null)
    throw new DomainError("invalid_transition", "the customer is already in the pool");
  if (!command.requestedBy.mayReassignAny && customer.ownerId !== command.requestedBy.actorId)
    throw new DomainError("forbidden", "only the customer's owner may release it", {
      ownerId: customer.ownerId,
    });
  return factOf(command, "OwnerAssigned", {
    schemaVersion: 2,
    ownerId: null,
    previousOwnerId: customer.ownerId,
    reason: "released",
    note: command.note,
  });
};

/** Records nothing when the customer is no longer idle: the rule may look twice, it returns once. */
export const returnIdleCustomer: CustomerRule<"ReturnIdleCustomer"> = (command, customer) => {
  if (!isIdle(customer, command.idleDays, command.occurredAt)) return [];
  return factOf(command, "OwnerAssigned", {
    schemaVersion: 2,
    ownerId: null,
    previousOwnerId: customer.ownerId,
    reason: "idle",
    note: null,
  });
};

/** Change to section 7: sales hands over only a customer it owns or one in the pool. */
export const assertMayHandOver = (command: CustomerCommandOf<"AssignOwner">, customer: Customer): void => {
  const requester = command.requestedBy;
  if (!requester || requester.mayReassignAny || customer.ownerId === null) return;
  if (customer.ownerId !== requester.actorId)
    throw new DomainError("forbidden", "sales may hand over only its own customers or those in the pool", {
      ownerId: customer.ownerId,
    });
};
