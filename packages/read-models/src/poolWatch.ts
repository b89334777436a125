import { activeSinceAfter, isOpenStage, type Stage } from "@crm/domain";
import { type DocumentCollection, everyMatch, type SortKey } from "@crm/read-store";
import type { Projection } from "./projection.ts";

// Contract 9.3, the idle-return rule: where each customer's idle period started, so the rule
// finds its candidates without reading every stream. The rule decides on the customer's own
// stream; this document only says where to look (a stale one costs a look, never a wrong return).
// v2: whether the idle clock runs (owned, open, not merged) and its start in milliseconds, so the
// rule asks an index for the customers quiet since before the cut-off instead of reading them all.

const IDLE_LONGEST: SortKey = ["activeSinceMs", "asc"];

export type PoolWatchDocument = {
  _id: string;
  customerId: string;
  revision: number;
  ownerId: string | null;
  stage: Stage;
  activeSince: string;
  mergedInto?: string;
  /** The idle clock runs: an owner, an open stage, not merged (contract 9.3's candidates). */
  watched: boolean;
  /** `activeSince` as an instant: clients write any offset. */
  activeSinceMs: number;
};

/** Derives the document's query fields from what it holds, on the document given (one made for this event). */
const keepClock = (document: PoolWatchDocument, activeSinceBefore: string | null): PoolWatchDocument => {
  document.watched =
    document.ownerId !== null && document.mergedInto === undefined && isOpenStage(document.stage);
  if (document.activeSince !== activeSinceBefore) document.activeSinceMs = Date.parse(document.activeSince);
  return document;
};

export const poolWatchProjection: Projection<PoolWatchDocument> = {
  collection: "pool_watch_v2",
  apply: (document, event) => {
    if (event.type === "LeadCreated")
      return (
        document ??
        keepClock(
          {
            _id: event.customerId,
            customerId: event.customerId,
            revision: event.revision,
            ownerId: event.data.ownerId,
            stage: "lead",
            activeSince: event.occurredAt,
            watched: false,
            activeSinceMs: 0,
          },
          null,
        )
      );
    if (!document) throw new Error(`customer ${event.customerId}: ${event.type} before its LeadCreated`);
    if (event.revision <= document.revision) return document;
    const next = {
      ...document,
      revision: event.revision,
      activeSince: activeSinceAfter(document.activeSince, event),
    };
    if (event.type === "OwnerAssigned") next.ownerId = event.data.ownerId;
    if (event.type === "StageAdvanced") next.stage = event.data.to;
    // Contract 9.2: a merged duplicate takes no more commands; its survivor is the one to watch.
    if (event.type === "MergedInto") next.mergedInto = event.data.customerId;
    return keepClock(next, document.activeSince);
  },
  indexes: [[["watched", "asc"], IDLE_LONGEST]],
};

/** Watched customers quiet since the cut-off or before, longest idle first. */
export const idleQuery = (cutOffMs: number) => ({
  filter: { watched: true, activeSinceMs: { lte: cutOffMs } },
  sort: [IDLE_LONGEST],
});

/**
 * The customers the rule should look at now: owned, open, quiet since at or before the idle
 * cut-off, longest idle first. Read through the index page by page: as many as are idle.
 */
export const idleCandidates = async (
  poolWatch: DocumentCollection<PoolWatchDocument>,
  idleDays: number,
  now: Date,
): Promise<string[]> => {
  const candidates: string[] = [];
  for await (const document of everyMatch(poolWatch, idleQuery(now.getTime() - idleDays * 86_400_000)))
    candidates.push(document.customerId);
  return candidates;
};
