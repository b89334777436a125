import type { CustomerRule } from "./customerRule.ts";
import { DomainError } from "./errors.ts";
import { factOf } from "./events.ts";

// Contract 9.4: a follow-up is booked on the customer, for the caller or a colleague of any
// department, and completed once.

export type FollowUpStatus = "open" | "done";

export const scheduleFollowUp: CustomerRule<"ScheduleFollowUp"> = (command, customer) => {
  if (customer.followUps.has(command.followUpId))
    throw new DomainError("conflict", "a follow-up with this id already exists", {
      followUpId: command.followUpId,
    });
  return factOf(command, "FollowUpScheduled", {
    schemaVersion: 1,
    followUpId: command.followUpId,
    title: command.title,
    dueAt: command.dueAt,
    assigneeId: command.assigneeId,
    note: command.note,
  });
};

export const completeFollowUp: CustomerRule<"CompleteFollowUp"> = (command, customer) => {
  const status = customer.followUps.get(command.followUpId);
  if (status === undefined)
    throw new DomainError("not_found", "follow-up not found", { followUpId: command.followUpId });
  if (status === "done") throw new DomainError("invalid_transition", "the follow-up is already completed");
  return factOf(command, "FollowUpCompleted", {
    schemaVersion: 1,
    followUpId: command.followUpId,
    outcome: command.outcome,
    note: command.note,
  });
};
