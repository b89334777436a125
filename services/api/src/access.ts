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
  /** Contract section 11: the customer-event feed over HTTP (GET /events, /events/stream). */
  | "readEvents"
  /** Contract section 11: webhook subscribers (admin only). */
  | "manageWebhooks";

const RIGHTS: Record<Exclude<Role, "admin">, readonly Right[]> = {
  sales: ["createLead", "advanceStage", "logInteraction", "recordPurchase", "assignOwner", "readCustomer"],
  service: ["logInteraction", "fileComplaint", "acknowledgeComplaint", "resolveComplaint", "readCustomer"],
  analyst: ["readViews", "searchCustomers", "exportCustomers", "readCustomer"],
  auditor: ["readHistory", "readAudit", "verifyCustomer", "readCustomer"],
  // A downstream service without Kafka: it follows the events and nothing else.
  integration: ["readEvents"],
};

export const roleHasRight = (role: Role, right: Right): boolean =>
  role === "admin" || RIGHTS[role].includes(right);

export type ApiKey = { key: string; actorId: string; role: Role };
