import { z } from "zod";
import { normalizeEmail } from "./duplicateKeys.ts";
import { moneySchema, positiveMoneySchema } from "./money.ts";
import type { EraseCustomerBody, RecordConsentBody } from "./personalData.ts";
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
import type { Requester, WorkCommand } from "./workCommands.ts";

// Command bodies as API clients send them (contract section 2). Objects are
// strict: an unknown field is a client mistake we name instead of ignoring.

const MAX_NAME = 200;
const MAX_TEXT = 5000;
const FUTURE_TOLERANCE_MS = 5 * 60_000;

// Every text is well-formed Unicode: a lone surrogate has no canonical JSON (RFC 8785), so the
// event could be neither fingerprinted nor hash-chained; it is the client's mistake, a 400.
const text = () =>
  z.string().refine((value) => value.isWellFormed(), {
    message: "must be valid Unicode text (it holds a lone surrogate)",
  });

// UUIDs are case-insensitive (RFC 9562); stored in lower case, one customer has one stream name.
const uuidSchema = () => z.uuid().toLowerCase();

const requiredName = text().trim().min(1, "must not be empty").max(MAX_NAME);
const optionalName = text().trim().max(MAX_NAME).nullish();
const requiredText = text().trim().min(1, "must not be empty").max(MAX_TEXT);
const optionalText = text().trim().max(MAX_TEXT).nullish();

/** Business time: when it happened. Back-dating is fine, the far future is not. */
export const occurredAtSchema = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date-time" })
  // An unparseable value is the format check's to report; NaN is not "in the future".
  .refine((value) => !(Date.parse(value) > Date.now() + FUTURE_TOLERANCE_MS), {
    message: "must not be more than 5 minutes in the future",
  })
  .optional();

// Addresses arrive pasted (surrounding spaces) or typed in a Chinese IME (full-width letters, 。).
// They are kept as written; what must be an address is the normalised form, the one duplicates
// are matched on.
const anyEmail = z.email();
const emailSchema = text()
  .trim()
  .max(254)
  .refine((value) => anyEmail.safeParse(normalizeEmail(value)).success, {
    message: "must be an email address",
  });

const phoneSchema = text()
  .trim()
  .max(50)
  .refine((value) => (value.normalize("NFKC").match(/\d/g) ?? []).length >= 3, {
    message: "must contain a phone number",
  });

// A headcount or a band such as "11-50": CRMs import both.
const companySizeSchema = z.union([z.int().min(1), text().trim().min(1).max(50)]);
const tagsSchema = z.array(text().trim().min(1).max(50)).max(50);

export const createLeadBody = z.strictObject({
  name: requiredName,
  company: optionalName,
  email: emailSchema.nullish(),
  phone: phoneSchema.nullish(),
  source: z.enum(LEAD_SOURCES),
  region: optionalName,
  industry: optionalName,
  companySize: companySizeSchema.nullish(),
  tags: tagsSchema.optional(),
  ownerId: optionalName,
  expectedValue: moneySchema.nullish(),
  referredBy: uuidSchema().nullish(),
  customerId: uuidSchema().optional(),
  allowDuplicate: z.boolean().optional(),
  occurredAt: occurredAtSchema,
});

export const advanceStageBody = z
  .strictObject({
    stage: z.enum(STAGES),
    amount: positiveMoneySchema.optional(),
    lostReason: z.enum(LOST_REASONS).optional(),
    lostNote: optionalText,
    expectedValue: moneySchema.nullish(),
    note: optionalText,
    occurredAt: occurredAtSchema,
  })
  .superRefine((body, ctx) => {
    if (body.stage === "won" && body.amount === undefined)
      ctx.addIssue({ code: "custom", path: ["amount"], message: "is required when stage is won" });
    if (body.stage !== "won" && body.amount !== undefined)
      ctx.addIssue({ code: "custom", path: ["amount"], message: "is only allowed when stage is won" });
    if (body.stage === "lost" && body.lostReason === undefined)
      ctx.addIssue({ code: "custom", path: ["lostReason"], message: "is required when stage is lost" });
    if (body.stage !== "lost" && body.lostReason !== undefined)
      ctx.addIssue({ code: "custom", path: ["lostReason"], message: "is only allowed when stage is lost" });
    if (body.stage !== "lost" && body.lostNote != null)
      ctx.addIssue({ code: "custom", path: ["lostNote"], message: "is only allowed when stage is lost" });
  });

export const logInteractionBody = z.strictObject({
  channel: z.enum(INTERACTION_CHANNELS),
  direction: z.enum(DIRECTIONS),
  department: z.enum(DEPARTMENTS).optional(),
  summary: requiredText,
  outcome: z.enum(OUTCOMES).nullish(),
  durationSeconds: z
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .nullish(),
  occurredAt: occurredAtSchema,
});

export const fileComplaintBody = z.strictObject({
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(SEVERITIES),
  description: requiredText,
  channel: z.enum(INTERACTION_CHANNELS).nullish(),
  occurredAt: occurredAtSchema,
});

export const acknowledgeComplaintBody = z.strictObject({
  apologized: z.boolean().optional(),
  note: optionalText,
  occurredAt: occurredAtSchema,
});

export const resolveComplaintBody = z.strictObject({
  resolution: requiredText,
  compensation: moneySchema.nullish(),
  preventiveAction: optionalText,
  occurredAt: occurredAtSchema,
});

export const recordPurchaseBody = z.strictObject({
  orderId: text().trim().min(1, "must not be empty").max(MAX_NAME),
  amount: positiveMoneySchema,
  product: optionalName,
  occurredAt: occurredAtSchema,
});

export const assignOwnerBody = z.strictObject({
  ownerId: text().trim().min(1, "must not be empty").max(MAX_NAME).nullable(),
  occurredAt: occurredAtSchema,
});

// --- Contract 9.1 / 9.2: profile changes, merges, dismissing a suspected duplicate ---

/** Every field optional; null clears it (tags: null clears them all), except the name. */
export const updateProfileBody = z
  .strictObject({
    name: requiredName.nullable().optional(),
    company: optionalName,
    email: emailSchema.nullish(),
    phone: phoneSchema.nullish(),
    region: optionalName,
    industry: optionalName,
    companySize: companySizeSchema.nullish(),
    tags: tagsSchema.nullish(),
    allowDuplicate: z.boolean().optional(),
    occurredAt: occurredAtSchema,
  })
  .superRefine((body, ctx) => {
    if (body.name === null) ctx.addIssue({ code: "custom", path: ["name"], message: "cannot be cleared" });
  });

export const mergeCustomerBody = z.strictObject({
  duplicateId: uuidSchema(),
  note: optionalText,
  occurredAt: occurredAtSchema,
});

export const dismissDuplicateBody = z.strictObject({
  customerId: uuidSchema(),
  candidateId: uuidSchema(),
  occurredAt: occurredAtSchema,
});

export type UpdateProfileBody = z.infer<typeof updateProfileBody>;
export type MergeCustomerBody = z.infer<typeof mergeCustomerBody>;
export type DismissDuplicateBody = z.infer<typeof dismissDuplicateBody>;

// --- end of contract 9.1 / 9.2 ---

export type CreateLeadBody = z.infer<typeof createLeadBody>;
export type AdvanceStageBody = z.infer<typeof advanceStageBody>;
export type LogInteractionBody = z.infer<typeof logInteractionBody>;
export type FileComplaintBody = z.infer<typeof fileComplaintBody>;
export type AcknowledgeComplaintBody = z.infer<typeof acknowledgeComplaintBody>;
export type ResolveComplaintBody = z.infer<typeof resolveComplaintBody>;
export type RecordPurchaseBody = z.infer<typeof recordPurchaseBody>;
export type AssignOwnerBody = z.infer<typeof assignOwnerBody>;

// What the decider receives: the body plus what the application resolved
// beforehand (generated ids, the instant, facts that need I/O such as whether
// the referrer exists), so that decide itself stays pure.
type Timed = { occurredAt: string };

export type CustomerCommand =
  | ({ type: "CreateLead"; customerId: string; referrerExists: boolean } & Omit<
      CreateLeadBody,
      "customerId" | "allowDuplicate" | "occurredAt"
    > &
      Timed)
  | ({ type: "AdvanceStage" } & Omit<AdvanceStageBody, "occurredAt"> & Timed)
  | ({ type: "LogInteraction"; interactionId: string } & Omit<LogInteractionBody, "occurredAt"> & Timed)
  | ({ type: "FileComplaint"; complaintId: string } & Omit<FileComplaintBody, "occurredAt"> & Timed)
  | ({ type: "AcknowledgeComplaint"; complaintId: string } & Omit<AcknowledgeComplaintBody, "occurredAt"> &
      Timed)
  | ({ type: "ResolveComplaint"; complaintId: string } & Omit<ResolveComplaintBody, "occurredAt"> & Timed)
  | ({ type: "RecordPurchase" } & Omit<RecordPurchaseBody, "occurredAt"> & Timed)
  | ({ type: "AssignOwner"; requestedBy?: Requester } & Omit<AssignOwnerBody, "occurredAt"> & Timed)
  | ({ type: "CreditReferral"; referredCustomerId: string } & Timed)
  // Contract section 10: personal data and trust.
  | ({ type: "RecordConsent" } & Omit<RecordConsentBody, "occurredAt"> & Timed)
  | ({ type: "EraseCustomer" } & Omit<EraseCustomerBody, "occurredAt"> & Timed)
  // contract 9.1 / 9.2
  | ({ type: "UpdateProfile" } & Omit<UpdateProfileBody, "allowDuplicate" | "occurredAt"> & Timed)
  /** On the survivor: it absorbs the duplicate. */
  | ({ type: "MergeCustomer"; duplicateId: string; note?: string | null | undefined } & Timed)
  /** On the duplicate: it now lives on as the survivor. */
  | ({ type: "MarkMergedInto"; survivorId: string } & Timed)
  | ({ type: "DismissDuplicate"; candidateId: string } & Timed)
  // Contract 9.3 / 9.4 (pool, follow-ups)
  | WorkCommand;

export type CustomerCommandType = CustomerCommand["type"];
export type CustomerCommandOf<T extends CustomerCommandType> = Extract<CustomerCommand, { type: T }>;
