import type { RecordedCustomerEvent } from "@crm/domain";
import { insertInBusinessOrder, instant } from "./businessTime.ts";
import type { BusinessMoment } from "./customerFacts.ts";
import { compareText } from "./textOrder.ts";

// Who did what on one customer (contract 9.6, activity): one read-model document per customer
// holding the work its events record, each with the actor the metadata names. Like the facts,
// entries keep their business time, so the view answers for any asOf.

export const CUSTOMER_ACTIVITY_VERSION = 1;

export const ACTIVITY_KINDS = ["interaction", "stageMove", "followUpCompleted", "complaintHandled"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export type ActivityEntry = BusinessMoment & {
  kind: ActivityKind;
  /** A stage move to `won`. */
  win: boolean;
  actorId: string;
  role: string;
};

export type CustomerActivity = {
  activityVersion: number;
  customerId: string;
  /** The stream revision of the last event applied: redeliveries at or below it change nothing. */
  revision: number;
  entries: ActivityEntry[];
};

const kindOf = (event: RecordedCustomerEvent): ActivityKind | null => {
  switch (event.type) {
    case "InteractionLogged":
      return "interaction";
    case "StageAdvanced":
      return "stageMove";
    case "FollowUpCompleted":
      return "followUpCompleted";
    // Acknowledging and resolving are both work on a complaint; filing it is the customer's.
    case "ComplaintAcknowledged":
    case "ComplaintResolved":
      return "complaintHandled";
    default:
      return null;
  }
};

/** The activity after one event: a copy of the one given (its other fields, a read model's `_id`, kept). */
export const applyToActivity = (
  activity: CustomerActivity | null,
  event: RecordedCustomerEvent,
): CustomerActivity => {
  const current = activity ?? {
    activityVersion: CUSTOMER_ACTIVITY_VERSION,
    customerId: event.customerId,
    revision: -1,
    entries: [],
  };
  if (event.revision <= current.revision) return current;
  const kind = kindOf(event);
  const entries =
    kind === null
      ? current.entries
      : insertInBusinessOrder(current.entries, {
          occurredAt: event.occurredAt,
          revision: event.revision,
          kind,
          win: event.type === "StageAdvanced" && event.data.to === "won",
          actorId: event.metadata.actor.id,
          role: event.metadata.actor.role,
        });
  return { ...current, revision: event.revision, entries };
};

/** The activity documents rebuilt from raw history (knownAt cuts system time), through the read model's own function. */
export const replayActivity = (
  events: readonly RecordedCustomerEvent[],
  cut: { knownAt?: string } = {},
): CustomerActivity[] => {
  const knownAt = cut.knownAt === undefined ? null : instant(cut.knownAt);
  const byCustomer = new Map<string, CustomerActivity>();
  for (const event of events
    .filter((event) => knownAt === null || instant(event.recordedAt) <= knownAt)
    .sort((a, b) => compareText(a.customerId, b.customerId) || a.revision - b.revision))
    byCustomer.set(event.customerId, applyToActivity(byCustomer.get(event.customerId) ?? null, event));
  return [...byCustomer.values()];
};
