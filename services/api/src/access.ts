// Contract section 7: API keys map to an actor and a role; a role grants rights.

export const ROLES = ["sales", "service", "analyst", "auditor", "admin", "integration"] as const;
export type Role = (typeof ROLES)[number];

export type Right =
  | "createLead"
  | "advanceStage"
  | "logInteraction"
  | "recordPurchase"
  | "assignOwner"
  | "fileComplaint"
  | "acknowledgeComplaint"
  | "resolveComplaint"
  | "readCustomer"
  | "readViews"
  | "searchCustomers"
  | "exportCustomers"
  | "readHistory"
  | "readAudit"
  | "verifyCustomer"
  // Contract section 10.
  | "recordConsent"
  | "eraseCustomer"
  // contract 9.1 / 9.2
  | "updateProfile"
  | "mergeCustomers"
  | "readDuplicates"
  | "dismissDuplicates"
  // Contract 9.3 - 9.6
  | "claimCustomer"
  | "releaseCustomer"
  | "scheduleFollowUp"
  | "completeFollowUp"
  | "readFollowUps"
  | "readTimeline"
  /** Contract section 11: the customer-event feed over HTTP (GET /events, /events/stream). */
  | "readEvents"
  /** Contract section 11: webhook subscribers (admin only). */
  | "manageWebhooks"
  /** Any valid key: who am I (the console signs in with it). */
  | "identify";

// Contract 9 changes section 7: search opens to sales and service (export stays with analyst),
// every role reads the timeline, follow-ups are booked by sales and service and read by all but
// the auditor. Releasing is the owner's: the decider checks that the caller owns the customer.
const WORKING_THE_CUSTOMER: Record<Exclude<Role, "admin">, readonly Right[]> = {
  sales: [
    "searchCustomers",
    "claimCustomer",
    "releaseCustomer",
    "scheduleFollowUp",
    "completeFollowUp",
    "readFollowUps",
    "readTimeline",
  ],
  service: ["searchCustomers", "scheduleFollowUp", "completeFollowUp", "readFollowUps", "readTimeline"],
  analyst: ["readFollowUps", "readTimeline"],
  auditor: ["readTimeline"],
  integration: [],
};

const RIGHTS: Record<Exclude<Role, "admin">, readonly Right[]> = {
  sales: [
    "createLead",
    "advanceStage",
    "logInteraction",
    "recordPurchase",
    "assignOwner",
    "readCustomer",
    "recordConsent",
    ...WORKING_THE_CUSTOMER.sales,
  ],
  service: [
    "logInteraction",
    "fileComplaint",
    "acknowledgeComplaint",
    "resolveComplaint",
    "readCustomer",
    "recordConsent",
    ...WORKING_THE_CUSTOMER.service,
  ],
  analyst: [
    "readViews",
    "searchCustomers",
    "exportCustomers",
    "readCustomer",
    ...WORKING_THE_CUSTOMER.analyst,
  ],
  auditor: ["readHistory", "readAudit", "verifyCustomer", "readCustomer", ...WORKING_THE_CUSTOMER.auditor],
  // Contract 11: a downstream service without Kafka follows the events and nothing else.
  integration: ["readEvents"],
};

// Contract 9.1 / 9.2: profile changes (sales, service), merges (sales), the duplicate review queue
// (sales, analyst read it; sales acts on it: dismissing is part of deciding merges).
const PROFILE_AND_MERGE_RIGHTS: Record<Exclude<Role, "admin">, readonly Right[]> = {
  sales: ["updateProfile", "mergeCustomers", "readDuplicates", "dismissDuplicates"],
  service: ["updateProfile"],
  analyst: ["readDuplicates"],
  auditor: [],
  integration: [],
};

export const roleHasRight = (role: Role, right: Right): boolean =>
  role === "admin" ||
  right === "identify" ||
  RIGHTS[role].includes(right) ||
  PROFILE_AND_MERGE_RIGHTS[role].includes(right);

export type ApiKey = { key: string; actorId: string; role: Role };
