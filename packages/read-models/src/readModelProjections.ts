import { auditTrailProjection } from "./auditTrailProjection.ts";
import { customerFactsProjection } from "./customerFactsProjection.ts";
import { customerSummaryProjection } from "./customerSummary.ts";
import { duplicateCandidatesProjection } from "./duplicateCandidates.ts";
import type { AnyProjection } from "./projection.ts";

/** Every read model the platform maintains; the in-process projector and the Kafka projector run this list. */
export const READ_MODEL_PROJECTIONS: readonly AnyProjection[] = [
  customerFactsProjection,
  customerSummaryProjection,
  auditTrailProjection,
  // contract 9.2: the duplicate review queue
  duplicateCandidatesProjection,
];

/** The checkpoint name of the projector that maintains them. */
export const READ_MODEL_PROJECTOR = "read-models";
