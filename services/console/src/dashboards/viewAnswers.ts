// The view answers of contract section 5, as the dashboards read them: the views package's own
// answer types. Imported as types only, they leave no code in the browser bundle, and a change
// to an answer shows here when the console is typechecked rather than as a blank on screen.

export type {
  ChurnAnswer,
  CustomerValueAnswer as ValueAnswer,
  FunnelAnswer,
  LifecycleAnswer,
} from "@crm/views";

export const FUNNEL_STAGES = ["lead", "qualified", "proposal", "negotiation", "won"] as const;
export const LIFECYCLE_STAGES = ["prospect", "customer", "repeat", "advocate", "churned", "lost"] as const;
export const VALUE_TIERS = ["top", "growth", "low", "negative"] as const;
