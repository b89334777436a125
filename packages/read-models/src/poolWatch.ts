import { activeSinceAfter, isOpenStage, type Stage } from "@crm/domain";
import type { Projection } from "./projection.ts";

// Contract 9.3, the idle-return rule: where each customer's idle period started, so the rule
// finds its candidates without reading every stream. The rule decides on the customer's own
// stream; this document only says where to look (a stale one costs a look, never a wrong return).

export type PoolWatchDocument = {
  _id: string;
  customerId: string;
  revision: number;
  ownerId: string | null;
  stage: Stage;
  activeSince: string;
  mergedInto?: string;
};

export const poolWatchProjection: Projection<PoolWatchDocument> = {
  collection: "pool_watch_v1",
  apply: (document, event) => {
    if (event.type === "LeadCreated")
      return (
        document ?? {
          _id: event.customerId,
          customerId: event.customerId,
          revision: event.revision,
          ownerId: event.data.ownerId,
          stage: "lead",
          activeSince: event.occurredAt,
        }
      );
    if (!document) throw new Error(`customer ${event.customerId}: ${event.type} before its LeadCreated`);
    if (event.revision <= document.revision) return document;
    return {
      ...document,
      revision: event.revision,
      activeSince: activeSinceAfter(document.activeSince, event),
      ...(event.type === "OwnerAssigned" ? { ownerId: event.data.ownerId } : {}),
      ...(event.type === "StageAdvanced" ? { stage: event.data.to } : {}),
      // Contract 9.2: a merged duplicate takes no more commands; its survivor is the one to watch.
      ...(event.type === "MergedInto" ? { mergedInto: event.data.customerId } : {}),
    };
  },
};

/** The customers the rule should look at now: owned, open, quiet since before the idle cut-off. */
export const idleCandidates = (
  documents: readonly PoolWatchDocument[],
  idleDays: number,
  now: Date,
): string[] => {
  const cutOff = now.getTime() - idleDays * 86_400_000;
  return documents
    .filter(
      (doc) =>
        doc.ownerId !== null &&
        doc.mergedInto === undefined &&
        isOpenStage(doc.stage) &&
        Date.parse(doc.activeSince) <= cutOff,
    )
    .map((doc) => doc.customerId);
};
