// The view answers of contract section 5, as the dashboards read them: the views package's own
// answer types. Imported as types only, they leave no code in the browser bundle, and a change
// to an answer shows here when the console is typechecked rather than as a blank on screen.

export { FUNNEL_STAGES, LIFECYCLE_STAGES } from "@crm/domain/vocabulary";
export type {
  ChurnAnswer,
  CustomerValueAnswer as ValueAnswer,
  FunnelAnswer,
  LifecycleAnswer,
} from "@crm/views";
export const VALUE_TIERS = ["top", "growth", "low", "negative"] as const;
