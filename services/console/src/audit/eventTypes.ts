// Contract sections 3 and 9: the customer's event types the console names in both languages
// (the audit filter offers whatever the API takes; a type not listed here shows by its own name).
export const EVENT_TYPES = [
  "LeadCreated",
  "StageAdvanced",
  "InteractionLogged",
  "ComplaintFiled",
  "ComplaintAcknowledged",
  "ComplaintResolved",
  "PurchaseRecorded",
  "OwnerAssigned",
  "ReferralCredited",
  "ProfileUpdated",
  "CustomerMerged",
  "MergedInto",
  "DuplicateDismissed",
] as const;
