import { z } from "zod";
import { recordedMoneySchema } from "./money.ts";
import { consentRecordedV1, personalDataErasedV1 } from "./personalData.ts";
import { LOST_REASONS, STAGES } from "./stages.ts";
import {
  COMPLAINT_CATEGORIES,
  DEPARTMENTS,
  DIRECTIONS,
  INTERACTION_CHANNELS,
  LEAD_SOURCES,
  OUTCOMES,
  SEVERITIES,
} from "./vocabulary.ts";
import { followUpCompletedV1, followUpScheduledV1, ownerAssignedV2 } from "./workEvents.ts";

// Event data as stored. Every schema names its schemaVersion; when a shape
// changes, the old version gets an upcaster (upcasting.ts) and stays readable.
// Optional facts are stored as null, not left out, so every reader sees one shape.

const nullableText = z.string().nullable();

export const leadCreatedV1 = z.object({
  schemaVersion: z.literal(1),
  customerId: z.uuid(),
  name: z.string(),
  company: nullableText,
  email: nullableText,
  phone: nullableText,
  source: z.enum(LEAD_SOURCES),
  region: nullableText,
  industry: nullableText,
  companySize: z.union([z.string(), z.number()]).nullable(),
  tags: z.array(z.string()),
  ownerId: nullableText,
  expectedValue: recordedMoneySchema.nullable(),
  referredBy: z.uuid().nullable(),
});

export const stageAdvancedV1 = z.object({
  schemaVersion: z.literal(1),
  from: z.enum(STAGES),
  to: z.enum(STAGES),
  amount: recordedMoneySchema.nullable(),
  lostReason: z.enum(LOST_REASONS).nullable(),
  lostNote: nullableText,
  expectedValue: recordedMoneySchema.nullable(),
  note: nullableText,
});

/** v1 left department and outcome optional: the earliest interactions were stored without them. */
export const interactionLoggedV1 = z.object({
  schemaVersion: z.literal(1),
  interactionId: z.uuid(),
  channel: z.enum(INTERACTION_CHANNELS),
  direction: z.enum(DIRECTIONS),
  department: z.enum(DEPARTMENTS).optional(),
  summary: z.string(),
  outcome: z.enum(OUTCOMES).nullable().optional(),
  durationSeconds: z.number().nullable(),
});

/** v2: every interaction names its department and its outcome (null when none was given). */
export const interactionLoggedV2 = interactionLoggedV1.extend({
  schemaVersion: z.literal(2),
  department: z.enum(DEPARTMENTS),
  outcome: z.enum(OUTCOMES).nullable(),
});

export const complaintFiledV1 = z.object({
  schemaVersion: z.literal(1),
  complaintId: z.uuid(),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(SEVERITIES),
  description: z.string(),
  channel: z.enum(INTERACTION_CHANNELS).nullable(),
});

export const complaintAcknowledgedV1 = z.object({
  schemaVersion: z.literal(1),
  complaintId: z.uuid(),
  apologized: z.boolean(),
  note: nullableText,
});

export const complaintResolvedV1 = z.object({
  schemaVersion: z.literal(1),
  complaintId: z.uuid(),
  resolution: z.string(),
  compensation: recordedMoneySchema.nullable(),
  preventiveAction: nullableText,
});

export const purchaseRecordedV1 = z.object({
  schemaVersion: z.literal(1),
  orderId: z.string(),
  amount: recordedMoneySchema,
  product: nullableText,
});

export const referralCreditedV1 = z.object({
  schemaVersion: z.literal(1),
  referredCustomerId: z.uuid(),
});

// --- Contract 9.1 / 9.2 (profile changes, merges, the duplicate review queue) ---

/** One changed profile field: its value before and after (null where the field was empty / is cleared). */
const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

/** The profile fields a rep may correct; the same facts LeadCreated records. */
export const PROFILE_FIELDS = [
  "name",
  "company",
  "email",
  "phone",
  "region",
  "industry",
  "companySize",
  "tags",
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Only the fields whose value changed; `name` is never cleared (its `to` is a string). */
export const profileUpdatedV1 = z.object({
  schemaVersion: z.literal(1),
  changes: z.strictObject({
    name: change(z.string()).optional(),
    company: change(nullableText).optional(),
    email: change(nullableText).optional(),
    phone: change(nullableText).optional(),
    region: change(nullableText).optional(),
    industry: change(nullableText).optional(),
    companySize: change(z.union([z.string(), z.number()]).nullable()).optional(),
    tags: change(z.array(z.string())).optional(),
  }),
});

/** On the survivor's stream: the duplicate it absorbed. */
export const customerMergedV1 = z.object({
  schemaVersion: z.literal(1),
  duplicateId: z.uuid(),
  note: nullableText,
});

/** On the duplicate's stream, its last event: the survivor it now lives on as. */
export const mergedIntoV1 = z.object({
  schemaVersion: z.literal(1),
  customerId: z.uuid(),
});

/** On the first customer's stream: the pair is not a duplicate, take it off the review queue. */
export const duplicateDismissedV1 = z.object({
  schemaVersion: z.literal(1),
  candidateId: z.uuid(),
});

// --- end of contract 9.1 / 9.2 ---

/** The current schema of each event type's data. */
export const eventDataSchemas = {
  LeadCreated: leadCreatedV1,
  StageAdvanced: stageAdvancedV1,
  InteractionLogged: interactionLoggedV2,
  ComplaintFiled: complaintFiledV1,
  ComplaintAcknowledged: complaintAcknowledgedV1,
  ComplaintResolved: complaintResolvedV1,
  PurchaseRecorded: purchaseRecordedV1,
  OwnerAssigned: ownerAssignedV2,
  ReferralCredited: referralCreditedV1,
  // Contract section 10: personal data and trust.
  ConsentRecorded: consentRecordedV1,
  PersonalDataErased: personalDataErasedV1,
  // contract 9.1 / 9.2
  ProfileUpdated: profileUpdatedV1,
  CustomerMerged: customerMergedV1,
  MergedInto: mergedIntoV1,
  DuplicateDismissed: duplicateDismissedV1,
  // Contract 9.4 (follow-ups)
  FollowUpScheduled: followUpScheduledV1,
  FollowUpCompleted: followUpCompletedV1,
  // end 9.4
} as const;

export type CustomerEventType = keyof typeof eventDataSchemas;
export const CUSTOMER_EVENT_TYPES = Object.keys(eventDataSchemas) as CustomerEventType[];
export type EventData<T extends CustomerEventType> = z.infer<(typeof eventDataSchemas)[T]>;

/** A fact about one customer, as the decider emits it and evolve folds it. */
export type CustomerEvent = {
  [T in CustomerEventType]: { type: T; data: EventData<T>; occurredAt: string };
}[CustomerEventType];

export type CustomerEventOf<T extends CustomerEventType> = Extract<CustomerEvent, { type: T }>;

/** A decision that records one fact: that event, dated at the command's business time. */
export const factOf = <T extends CustomerEventType>(
  command: { occurredAt: string },
  type: T,
  data: EventData<T>,
): CustomerEvent[] => [{ type, occurredAt: command.occurredAt, data } as CustomerEventOf<T>];

export const isCustomerEventType = (type: string): type is CustomerEventType => type in eventDataSchemas;
