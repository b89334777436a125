import { createHash } from "node:crypto";
import { auditTrailProjection } from "./auditTrailProjection.ts";
import { customerActivityProjection } from "./customerActivityProjection.ts";
import { customerFactsProjection } from "./customerFactsProjection.ts";
import { customerFollowUpsProjection } from "./customerFollowUps.ts";
import { customerSummaryProjection } from "./customerSummary.ts";
import { followUpEntriesProjection } from "./followUpEntries.ts";
import { poolWatchProjection } from "./poolWatch.ts";
import type { AnyProjection } from "./projection.ts";

/** Every read model the platform maintains; the in-process projector and the Kafka projector run this list. */
export const READ_MODEL_PROJECTIONS: readonly AnyProjection[] = [
  customerFactsProjection,
  customerSummaryProjection,
  auditTrailProjection,
  // Contract 9.2's duplicate review queue is kept in each API process (duplicateReviewQueue.ts).
  // Contract 9.3, 9.4, 9.6 (idle-return rule, follow-up work list, activity)
  poolWatchProjection,
  customerFollowUpsProjection,
  followUpEntriesProjection,
  customerActivityProjection,
];

/**
 * The read models a projector maintains beside an audit trail read from the event store itself
 * (the embedded default: @crm/stores' eventStoreAuditTrail answers it from the SQLite event
 * store's rows, so a rebuild copies no row per event); elsewhere, every read model.
 */
export const readModelProjections = ({
  auditTrailInEventStore,
}: {
  auditTrailInEventStore: boolean;
}): readonly AnyProjection[] =>
  auditTrailInEventStore
    ? READ_MODEL_PROJECTIONS.filter((projection) => projection !== auditTrailProjection)
    : READ_MODEL_PROJECTIONS;

/** The name of the projector that maintains them (its metrics, its logs). */
export const READ_MODEL_PROJECTOR = "read-models";

/**
 * The embedded projector's checkpoint, named by the read models it builds. A release that adds a
 * read model or versions one (customer_summaries_v2) changes the name, so the projector starts
 * again from the first event: the new collections fill from the whole history, the others skip
 * what they already hold (every document knows its revision). Without this, a new read model of
 * an existing data folder stayed empty until someone ran `crm rebuild`.
 */
export const readModelCheckpointName = (
  projections: readonly AnyProjection[] = READ_MODEL_PROJECTIONS,
): string => {
  const collections = projections.map((projection) => projection.collection).sort();
  return `${READ_MODEL_PROJECTOR}@${createHash("sha256").update(collections.join("\n")).digest("hex").slice(0, 12)}`;
};

/** The Kafka consumer group of the projector service that maintains them in the distributed setup. */
export const READ_MODEL_GROUP = "crm.read-models";
