import type { SortKey } from "@crm/read-store";
import type { Projection } from "./projection.ts";

// Contract 9.4: the work list's index, one document per follow-up, so that GET /follow-ups asks
// the store for one assignee's page (by due date, or by completion) instead of reading every
// customer's follow-ups. It holds no personal data: the title, the customer's name and stage are
// read from the customer's own document (customer_follow_ups_v1) for the page's items only, so an
// erasure (10.1) reaches them there. Instants are also kept in milliseconds: clients write any
// offset, and the list orders by the instant, not by the text.

export type FollowUpEntryDocument = {
  _id: string;
  followUpId: string;
  customerId: string;
  /** The customer's revision that last changed this follow-up (redelivery changes nothing). */
  revision: number;
  assigneeId: string;
  dueAt: string;
  dueAtMs: number;
  done: boolean;
  completedAt: string | null;
  completedAtMs: number | null;
};

const DUE: SortKey = ["dueAtMs", "asc"];
const LATEST_COMPLETION: SortKey = ["completedAtMs", "desc"];

export const followUpEntriesProjection: Projection<FollowUpEntryDocument> = {
  collection: "follow_up_entries_v1",
  // Events other than a follow-up's go to the customer's id and make no document.
  documentId: (event) =>
    event.type === "FollowUpScheduled" || event.type === "FollowUpCompleted"
      ? event.data.followUpId
      : event.customerId,
  apply: (entry, event) => {
    if (event.type === "FollowUpScheduled") {
      if (entry) return entry;
      const { followUpId, dueAt, assigneeId } = event.data;
      return {
        _id: followUpId,
        followUpId,
        customerId: event.customerId,
        revision: event.revision,
        assigneeId,
        dueAt,
        dueAtMs: Date.parse(dueAt),
        done: false,
        completedAt: null,
        completedAtMs: null,
      };
    }
    if (event.type !== "FollowUpCompleted" || !entry || event.revision <= entry.revision) return entry;
    return {
      ...entry,
      revision: event.revision,
      done: true,
      completedAt: event.occurredAt,
      completedAtMs: Date.parse(event.occurredAt),
    };
  },
  // One assignee's list in each of its orders (the work list always names an assignee), and the
  // same after a customer, whose few follow-ups a customer filter then reads directly.
  indexes: [
    [["assigneeId", "asc"], DUE],
    [["assigneeId", "asc"], ["done", "asc"], DUE],
    [["assigneeId", "asc"], ["done", "asc"], LATEST_COMPLETION],
    [["customerId", "asc"], ["assigneeId", "asc"], DUE],
    [["customerId", "asc"], ["assigneeId", "asc"], ["done", "asc"], DUE],
    [["customerId", "asc"], ["assigneeId", "asc"], ["done", "asc"], LATEST_COMPLETION],
  ],
};
