import type { z } from "zod";
import {
  type CustomerEventType,
  complaintAcknowledgedV1,
  complaintFiledV1,
  complaintResolvedV1,
  customerMergedV1,
  duplicateDismissedV1,
  interactionLoggedV1,
  interactionLoggedV2,
  leadCreatedV1,
  mergedIntoV1,
  profileUpdatedV1,
  purchaseRecordedV1,
  referralCreditedV1,
  stageAdvancedV1,
} from "./events.ts";
import { consentRecordedV1, personalDataErasedV1 } from "./personalData.ts";
import { followUpCompletedV1, followUpScheduledV1, ownerAssignedV1, ownerAssignedV2 } from "./workEvents.ts";

/**
 * Every schema version of every event type that a store or the topic may hold, oldest
 * first. The last one is the current schema; the older ones are published too, because
 * a consumer replaying the topic from its start meets them.
 */
export const eventDataSchemaVersions: Record<CustomerEventType, Record<number, z.ZodObject>> = {
  LeadCreated: { 1: leadCreatedV1 },
  StageAdvanced: { 1: stageAdvancedV1 },
  InteractionLogged: { 1: interactionLoggedV1, 2: interactionLoggedV2 },
  ComplaintFiled: { 1: complaintFiledV1 },
  ComplaintAcknowledged: { 1: complaintAcknowledgedV1 },
  ComplaintResolved: { 1: complaintResolvedV1 },
  PurchaseRecorded: { 1: purchaseRecordedV1 },
  OwnerAssigned: { 1: ownerAssignedV1, 2: ownerAssignedV2 },
  ReferralCredited: { 1: referralCreditedV1 },
  ConsentRecorded: { 1: consentRecordedV1 },
  PersonalDataErased: { 1: personalDataErasedV1 },
  // contract 9.1 / 9.2
  ProfileUpdated: { 1: profileUpdatedV1 },
  CustomerMerged: { 1: customerMergedV1 },
  MergedInto: { 1: mergedIntoV1 },
  DuplicateDismissed: { 1: duplicateDismissedV1 },
  // Contract 9.4 (follow-ups)
  FollowUpScheduled: { 1: followUpScheduledV1 },
  FollowUpCompleted: { 1: followUpCompletedV1 },
  // end 9.4
};

export const currentSchemaVersion = (type: CustomerEventType): number =>
  Math.max(...Object.keys(eventDataSchemaVersions[type]).map(Number));
