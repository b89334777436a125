import { z } from "zod";
import { occurredAtSchema } from "./commands.ts";

// Contract section 10 (personal data and trust), the customer's side of it: consent per
// purpose (10.2) and erasure (10.1). Kept in one file so the rest of the domain only
// lists these events and commands beside its own.

export const CONSENT_PURPOSES = ["marketing_email", "marketing_phone", "profiling"] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** What every customer's answer shows in place of an erased name; other personal fields read null. */
export const ERASED_NAME = "[erased]";

export const consentRecordedV1 = z.object({
  schemaVersion: z.literal(1),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  /** Where the decision was given (a web form, a signed paper, a call). */
  source: z.string().nullable(),
});

export const personalDataErasedV1 = z.object({
  schemaVersion: z.literal(1),
  /** Why (a data subject's request, its ticket): the erasure itself stays audited. */
  reason: z.string(),
});

const wellFormed = (schema: z.ZodString) =>
  schema.refine((value) => value.isWellFormed(), {
    message: "must be valid Unicode text (it holds a lone surrogate)",
  });

export const recordConsentBody = z.strictObject({
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  source: wellFormed(z.string().trim().max(200)).nullish(),
  occurredAt: occurredAtSchema,
});

export const eraseCustomerBody = z.strictObject({
  reason: wellFormed(z.string().trim().min(1, "must not be empty").max(1_000)),
  occurredAt: occurredAtSchema,
});

export type RecordConsentBody = z.infer<typeof recordConsentBody>;
export type EraseCustomerBody = z.infer<typeof eraseCustomerBody>;

export type ConsentDecision = { granted: boolean; source: string | null; occurredAt: string };
/** The latest decision per purpose; null where none was ever recorded. */
export type Consents = Record<ConsentPurpose, ConsentDecision | null>;

export const noConsents = (): Consents => ({ marketing_email: null, marketing_phone: null, profiling: null });

/**
 * Contract 10.1: the fields of each event that hold personal data (names, contact details,
 * free texts), stored encrypted with the customer's own key. `erased` is what the field reads
 * once the key is destroyed: required texts keep a placeholder so every event still has its
 * shape, optional ones read null. Types of other modules (profile changes, merges, follow-ups)
 * are listed here too, so their personal fields are protected the day they are stored.
 */
export type PersonalField = { path: readonly string[]; erased: typeof ERASED_NAME | null };

const required = (...path: string[]): PersonalField => ({ path, erased: ERASED_NAME });
const optional = (...path: string[]): PersonalField => ({ path, erased: null });
const changed = (field: string, erased: typeof ERASED_NAME | null): PersonalField[] => [
  { path: ["changes", field, "from"], erased },
  { path: ["changes", field, "to"], erased },
];

export const PERSONAL_FIELDS: Readonly<Record<string, readonly PersonalField[]>> = {
  LeadCreated: [required("name"), optional("company"), optional("email"), optional("phone")],
  StageAdvanced: [optional("lostNote"), optional("note")],
  InteractionLogged: [required("summary")],
  ComplaintFiled: [required("description")],
  ComplaintAcknowledged: [optional("note")],
  ComplaintResolved: [required("resolution"), optional("preventiveAction")],
  ProfileUpdated: [
    ...changed("name", ERASED_NAME),
    ...changed("company", null),
    ...changed("email", null),
    ...changed("phone", null),
  ],
  CustomerMerged: [optional("note")],
  OwnerAssigned: [optional("note")],
  FollowUpScheduled: [required("title"), optional("note")],
  FollowUpCompleted: [optional("note")],
};
