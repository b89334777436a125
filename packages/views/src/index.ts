// The four analytical views of contract section 5, over per-customer facts documents.
// The read model keeps one document per customer with applyToFacts; a read with asOf or
// knownAt rebuilds them with replayFacts; both hand them to the same view functions.

// Contract 9.6: stage velocity (over the facts) and activity per actor (over its own documents).
export {
  type ActivityAnswer,
  type ActivityParams,
  type ActorActivity,
  activityView,
} from "./activityView.ts";
export { applyToFacts } from "./applyToFacts.ts";
export { CHURN_RISKS, type ChurnRisk, type CustomerAtRisk } from "./churnRisks.ts";
export { type ChurnAnswer, type ChurnParams, type ComplaintFigures, churnView } from "./churnView.ts";
export * from "./customerActivity.ts";
export * from "./customerFacts.ts";
export { type CustomerSnapshot, customerSnapshot } from "./customerSnapshot.ts";
export {
  type CustomerValue,
  type CustomerValueAnswer,
  type CustomerValueParams,
  customerValueView,
} from "./customerValueView.ts";
export { type FunnelAnswer, type FunnelParams, type FunnelStageFigures, funnelView } from "./funnelView.ts";
export {
  type LifecycleAnswer,
  type LifecycleParams,
  type LifecycleTransition,
  lifecycleView,
} from "./lifecycleView.ts";
export { patchedDocuments } from "./listChanges.ts";
export { type ReplayCut, replayFacts } from "./replayFacts.ts";
export type { StageCounts } from "./stageCounts.ts";
export {
  type StageStays,
  type StageVelocityAnswer,
  type StageVelocityParams,
  stageVelocityView,
} from "./stageVelocityView.ts";
export { VALUE_TIERS, type ValueTier } from "./valueTiers.ts";
export type { AnsweredCut, CustomerFilter, ViewCut, WindowParams } from "./viewParams.ts";
