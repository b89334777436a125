// Contract section 3: the customer's event types.
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
] as const;
