// The contract's closed vocabularies (sections 1 and 2), for the console's choices.
// vocabulary.unit.spec.ts keeps them equal to the domain's.

export const STAGES = ["lead", "qualified", "proposal", "negotiation", "won", "lost"] as const;
export const OPEN_STAGES = ["lead", "qualified", "proposal", "negotiation"] as const;
export const LIFECYCLE_STAGES = ["prospect", "customer", "repeat", "advocate", "churned", "lost"] as const;
export const LOST_REASONS = [
  "price",
  "needs_unmet",
  "communication",
  "customer_side",
  "competitor",
  "product_fit",
  "neglected",
  "slow_updates",
  "no_value",
  "other",
] as const;
export const LEAD_SOURCES = ["web", "referral", "event", "cold_call", "partner", "ad", "other"] as const;
export const INTERACTION_CHANNELS = ["call", "email", "meeting", "visit", "chat", "social", "event"] as const;
export const DIRECTIONS = ["inbound", "outbound"] as const;
export const DEPARTMENTS = ["sales", "service", "marketing", "other"] as const;
export const OUTCOMES = ["positive", "neutral", "negative"] as const;
export const COMPLAINT_CATEGORIES = ["product", "service", "billing", "delivery", "other"] as const;
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
