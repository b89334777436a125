import { auditTrailProjection } from "./auditTrailProjection.ts";
import { customerActivityProjection } from "./customerActivityProjection.ts";
import { customerFactsProjection } from "./customerFactsProjection.ts";
import { customerFollowUpsProjection } from "./customerFollowUps.ts";
import { customerSummaryProjection } from "./customerSummary.ts";
import { duplicateCandidatesProjection } from "./duplicateCandidates.ts";
import { poolWatchProjection } from "./poolWatch.ts";
import type { AnyProjection } from "./projection.ts";

/** Every read model the platform maintains; the in-process projector and the Kafka projector run this list. */
export const READ_MODEL_PROJECTIONS: readonly AnyProjection[] = [
  customerFactsProjection,
  customerSummaryProjection,
  auditTrailProjection,
  // contract 9.2: the duplicate review queue
  duplicateCandidatesProjection,
  // Contract 9.3, 9.4, 9.6 (idle-return rule, follow-up work list, activity)
  poolWatchProjection,
  customerFollowUpsProjection,
  customerActivityProjection,
];

/** The checkpoint name of the projector that maintains them. */
export const READ_MODEL_PROJECTOR = "read-models";

/** The Kafka consumer group of the projector service that maintains them in the distributed setup. */
export const READ_MODEL_GROUP = "crm.read-models";
