// Closed lists of values the contract fixes (section 2, "Field rules").

export const LEAD_SOURCES = ["web", "referral", "event", "cold_call", "partner", "ad", "other"] as const;
export const INTERACTION_CHANNELS = ["call", "email", "meeting", "visit", "chat", "social", "event"] as const;
export const DIRECTIONS = ["inbound", "outbound"] as const;
export const DEPARTMENTS = ["sales", "service", "marketing", "other"] as const;
export const OUTCOMES = ["positive", "neutral", "negative"] as const;
export const COMPLAINT_CATEGORIES = ["product", "service", "billing", "delivery", "other"] as const;
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;

export type LeadSource = (typeof LEAD_SOURCES)[number];
export type Severity = (typeof SEVERITIES)[number];
