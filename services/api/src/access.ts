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
  // contract 9.1 / 9.2
  | "updateProfile"
  | "mergeCustomers"
  | "readDuplicates"
  | "dismissDuplicates";

const RIGHTS: Record<Exclude<Role, "admin">, readonly Right[]> = {
  sales: ["createLead", "advanceStage", "logInteraction", "recordPurchase", "assignOwner", "readCustomer"],
  service: ["logInteraction", "fileComplaint", "acknowledgeComplaint", "resolveComplaint", "readCustomer"],
  analyst: ["readViews", "searchCustomers", "exportCustomers", "readCustomer"],
  auditor: ["readHistory", "readAudit", "verifyCustomer", "readCustomer"],
};

// Contract 9.1 / 9.2: profile changes (sales, service), merges (sales), the duplicate review queue
// (sales, analyst read it; sales acts on it: dismissing is part of deciding merges).
const PROFILE_AND_MERGE_RIGHTS: Record<Exclude<Role, "admin">, readonly Right[]> = {
  sales: ["updateProfile", "mergeCustomers", "readDuplicates", "dismissDuplicates"],
  service: ["updateProfile"],
  analyst: ["readDuplicates"],
  auditor: [],
};

export const roleHasRight = (role: Role, right: Right): boolean =>
  role === "admin" || RIGHTS[role].includes(right) || PROFILE_AND_MERGE_RIGHTS[role].includes(right);

export type ApiKey = { key: string; actorId: string; role: Role };
