// Contract section 7: API keys map to an actor and a role; a role grants rights.

export const ROLES = ["sales", "service", "analyst", "auditor", "admin"] as const;
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
  | "eraseCustomer";

const RIGHTS: Record<Exclude<Role, "admin">, readonly Right[]> = {
  sales: [
    "createLead",
    "advanceStage",
    "logInteraction",
    "recordPurchase",
    "assignOwner",
    "readCustomer",
    "recordConsent",
  ],
  service: [
    "logInteraction",
    "fileComplaint",
    "acknowledgeComplaint",
    "resolveComplaint",
    "readCustomer",
    "recordConsent",
  ],
  analyst: ["readViews", "searchCustomers", "exportCustomers", "readCustomer"],
  auditor: ["readHistory", "readAudit", "verifyCustomer", "readCustomer"],
};

export const roleHasRight = (role: Role, right: Right): boolean =>
  role === "admin" || RIGHTS[role].includes(right);

export type ApiKey = { key: string; actorId: string; role: Role };
