import { type Right, ROLES, roleHasRight } from "@crm/api";
import { describe, expect, it } from "vitest";
import { type Action, may } from "./permissions.ts";

// The console shows a form or a screen to a role exactly when the API lets that role do it
// (contract sections 7 and 9).

const SAME_AS: [Action, Right][] = [
  ["viewDashboards", "readViews"],
  ["createLead", "createLead"],
  ["advanceStage", "advanceStage"],
  ["logInteraction", "logInteraction"],
  ["recordPurchase", "recordPurchase"],
  ["assignOwner", "assignOwner"],
  ["fileComplaint", "fileComplaint"],
  ["handleComplaint", "acknowledgeComplaint"],
  ["handleComplaint", "resolveComplaint"],
  ["readAudit", "readAudit"],
  ["readAudit", "readHistory"],
  ["readAudit", "verifyCustomer"],
  ["updateProfile", "updateProfile"],
  ["searchCustomers", "searchCustomers"],
  ["claimFromPool", "claimCustomer"],
  ["followUps", "readFollowUps"],
  ["scheduleFollowUp", "scheduleFollowUp"],
  ["scheduleFollowUp", "completeFollowUp"],
  ["reviewDuplicates", "readDuplicates"],
  ["mergeDuplicates", "mergeCustomers"],
  ["mergeDuplicates", "dismissDuplicates"],
];

describe("what the console shows each role", () => {
  it.each(SAME_AS)("given the console's %s, then the roles are those the API grants %s", (action, right) => {
    for (const role of ROLES) expect(may(role, action), role).toBe(roleHasRight(role, right));
  });
});
