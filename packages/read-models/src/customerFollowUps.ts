import { ERASED_NAME, type Stage } from "@crm/domain";
import type { Projection } from "./projection.ts";

// Contract 9.4: the follow-up work list's read model. One document per customer holds its
// follow-ups with the customer's current name and stage, which every item of the list shows.

export type FollowUpEntry = {
  followUpId: string;
  title: string;
  dueAt: string;
  assigneeId: string;
  completedAt: string | null;
};

export type CustomerFollowUpsDocument = {
  _id: string;
  customerId: string;
  revision: number;
  customerName: string;
  stage: Stage;
  followUps: FollowUpEntry[];
};

export const customerFollowUpsProjection: Projection<CustomerFollowUpsDocument> = {
  collection: "customer_follow_ups_v1",
  apply: (document, event) => {
    if (event.type === "LeadCreated")
      return (
        document ?? {
          _id: event.customerId,
          customerId: event.customerId,
          revision: event.revision,
          customerName: event.data.name,
          stage: "lead",
          followUps: [],
        }
      );
    if (!document) throw new Error(`customer ${event.customerId}: ${event.type} before its LeadCreated`);
    if (event.revision <= document.revision) return document;
    const next = { ...document, revision: event.revision };
    switch (event.type) {
      case "StageAdvanced":
        return { ...next, stage: event.data.to };
      // Contract 9.1: the list shows the customer's current name.
      case "ProfileUpdated":
        return event.data.changes.name?.to ? { ...next, customerName: event.data.changes.name.to } : next;
      case "FollowUpScheduled": {
        const { followUpId, title, dueAt, assigneeId } = event.data;
        return {
          ...next,
          followUps: [...next.followUps, { followUpId, title, dueAt, assigneeId, completedAt: null }],
        };
      }
      case "FollowUpCompleted":
        return {
          ...next,
          followUps: next.followUps.map((entry) =>
            entry.followUpId === event.data.followUpId ? { ...entry, completedAt: event.occurredAt } : entry,
          ),
        };
      // Contract 10.1: the name and the titles (free texts) go with the key.
      case "PersonalDataErased":
        return {
          ...next,
          customerName: ERASED_NAME,
          followUps: next.followUps.map((entry) => ({ ...entry, title: ERASED_NAME })),
        };
      default:
        return next;
    }
  },
};
