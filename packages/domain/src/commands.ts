import { z } from "zod";
import { normalizeEmail } from "./duplicateKeys.ts";
import { moneySchema, positiveMoneySchema } from "./money.ts";
import type { EraseCustomerBody, RecordConsentBody } from "./personalData.ts";
import { LOST_REASONS, STAGES } from "./stages.ts";
import { freeText, nameText, phoneText } from "./textFields.ts";
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

const requiredName = nameText(MAX_NAME, { required: true });
const optionalName = nameText(MAX_NAME, { required: false }).nullish();
const requiredText = freeText(MAX_TEXT, { required: true });
const optionalText = freeText(MAX_TEXT, { required: false }).nullish();

// UUIDs are case-insensitive (RFC 9562); stored in lower case, one customer has one stream name.
const uuidSchema = () => z.uuid().toLowerCase();

/**
 * The earliest business time accepted (docs/decisions.md): nothing a CRM records happened before
 * 1970, and a year 0001 is a client's placeholder, not a fact. The latest (5 minutes after now)
 * needs the platform's clock, so the API checks it (`tooFarInTheFuture`).
 */
export const EARLIEST_OCCURRED_AT = "1970-01-01T00:00:00.000Z";
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Business time: when it happened. Back-dating is fine, before 1970 and the far future are not. */
export const occurredAtSchema = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date-time" })
  // An unparseable value is the format check's to report; NaN is not "too early".
  .refine((value) => !(Date.parse(value) < Date.parse(EARLIEST_OCCURRED_AT)), {
    message: "must not be before 1970-01-01T00:00:00Z",
  })
  .meta({
    description:
      "When it happened (business time), ISO-8601 with an offset; not before 1970-01-01T00:00:00Z and " +
      "not more than 5 minutes after the platform's clock (the second bound moves with time, so no " +
      "pattern states it); defaults to now",
    // The first bound, for documents: the year as written (the server checks the instant).
    allOf: [{ pattern: "^(?:19[7-9][0-9]|[2-9][0-9]{3})-" }],
  })
  .optional();

/** Contract section 2: occurredAt is "not more than 5 minutes in the future" of the platform's clock. */
export const tooFarInTheFuture = (occurredAt: string, now: Date): boolean =>
  Date.parse(occurredAt) > now.getTime() + FUTURE_TOLERANCE_MS;

// Addresses arrive pasted (surrounding spaces) or typed in a Chinese IME (full-width letters, 。).
// They are kept as written; what must be an address is the normalised form, the one duplicates
// are matched on.
const anyEmail = z.email();
const emailSchema = nameText(254, { required: false })
  .refine((value) => anyEmail.safeParse(normalizeEmail(value)).success, {
    message: "must be an email address",
  })
  // Documented as the plain form; the full-width and padded forms are accepted besides.
  .meta({ maxLength: 254, pattern: z.regexes.email.source, format: "email" });

const phoneSchema = phoneText(50);

// A headcount or a band such as "11-50": CRMs import both.
const companySizeSchema = z.union([z.int().min(1), nameText(50, { required: true })]);
const tagsSchema = z.array(nameText(50, { required: true })).max(50);

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

const stageShapes = () => {
  const absent = (field: string) => ({ not: { required: [field] } });
  const noLostNote = { properties: { lostNote: { nullable: true, enum: [null] } } };
  return [
    {
      properties: { stage: { enum: ["won"] } },
      required: ["amount"],
      allOf: [absent("lostReason"), noLostNote],
    },
    { properties: { stage: { enum: ["lost"] } }, required: ["lostReason"], allOf: [absent("amount")] },
    {
      properties: { stage: { enum: STAGES.filter((stage) => stage !== "won" && stage !== "lost") } },
      allOf: [absent("amount"), absent("lostReason"), noLostNote],
    },
  ];
};

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
  })
  // The same rules for the OpenAPI document, as far as JSON Schema states them: one shape per stage.
  .meta({ oneOf: stageShapes() });

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
  orderId: requiredName,
  amount: positiveMoneySchema,
  product: optionalName,
  occurredAt: occurredAtSchema,
});

export const assignOwnerBody = z.strictObject({
  ownerId: requiredName.nullable(),
  occurredAt: occurredAtSchema,
});

// --- Contract 9.1 / 9.2: profile changes, merges, dismissing a suspected duplicate ---

/** Every field optional; null clears it (tags: null clears them all), except the name. */
export const updateProfileBody = z
  .strictObject({
    // null is refused with its own reason ("cannot be cleared"); the document says it is no value.
    name: requiredName.nullable().meta({ nullable: false }).optional(),
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
