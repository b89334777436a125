// What each role may do (contract section 7, with the section 9 changes): the console
// shows a screen or a form only to a role the API would let through.

export const ROLES = ["sales", "service", "analyst", "auditor", "admin", "integration"] as const;
export type Role = (typeof ROLES)[number];

const ALLOWED = {
  viewDashboards: ["analyst"],
  searchCustomers: ["analyst", "sales", "service"],
  createLead: ["sales"],
  updateProfile: ["sales", "service"],
  advanceStage: ["sales"],
  logInteraction: ["sales", "service"],
  recordPurchase: ["sales"],
  assignOwner: ["sales"],
  claimFromPool: ["sales"],
  fileComplaint: ["service"],
  handleComplaint: ["service"],
  readAudit: ["auditor"],
  workLists: ["sales", "service"],
  followUps: ["sales", "service", "analyst"],
  scheduleFollowUp: ["sales", "service"],
  reviewDuplicates: ["sales", "analyst"],
  mergeDuplicates: ["sales"],
} satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ALLOWED;

export const may = (role: Role, action: Action): boolean =>
  role === "admin" || (ALLOWED[action] as readonly Role[]).includes(role);

/** Keys for machines (the event feed of section 11): nothing in the console is theirs. */
export const usesConsole = (role: Role): boolean => role !== "integration";

/** Where a person lands after signing in. */
export const homeOf = (role: Role): string => {
  if (may(role, "viewDashboards")) return "/dashboards";
  if (may(role, "readAudit")) return "/audit";
  return "/customers";
};
