import { z } from "zod";
import { occurredAtSchema } from "./commands.ts";
import { OUTCOMES } from "./vocabulary.ts";

// Command bodies of contract 9.3 (the shared pool) and 9.4 (follow-ups), and the commands the
// decider receives for them. Strict objects, like every body of section 2.

const wellFormed = (value: string) => value.isWellFormed();
const wellFormedText = () =>
  z.string().refine(wellFormed, { message: "must be valid Unicode text (it holds a lone surrogate)" });
const text = (max: number) => wellFormedText().trim().max(max);
const required = (max: number) => wellFormedText().trim().min(1, "must not be empty").max(max);
const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" });

/** Bodies whose fields are all optional may be sent as no body at all (fastify hands over null). */
const orEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((body) => body ?? {}, schema);

export const claimCustomerBody = orEmpty(z.strictObject({ occurredAt: occurredAtSchema }));

export const releaseCustomerBody = orEmpty(
  z.strictObject({ note: text(5000).nullish(), occurredAt: occurredAtSchema }),
);

export const scheduleFollowUpBody = z.strictObject({
  title: required(200),
  dueAt: instant,
  assigneeId: required(200).nullish(),
  note: text(5000).nullish(),
  occurredAt: occurredAtSchema,
});

export const completeFollowUpBody = orEmpty(
  z.strictObject({
    outcome: z.enum(OUTCOMES).nullish(),
    note: text(5000).nullish(),
    occurredAt: occurredAtSchema,
  }),
);

/**
 * Who asks for a change of hands (contract 9.3, change to section 7): sales may hand over only
 * a customer it owns or one in the pool, admin any. The API resolves it from the caller's role.
 */
export type Requester = { actorId: string; mayReassignAny: boolean };

type Timed = { occurredAt: string };

export type WorkCommand =
  | ({ type: "ClaimCustomer"; claimantId: string } & Timed)
  | ({ type: "ReleaseCustomer"; requestedBy: Requester; note: string | null } & Timed)
  /** The idle-return rule's: `occurredAt` is the rule's own clock, the instant it looked. */
  | ({ type: "ReturnIdleCustomer"; idleDays: number } & Timed)
  | ({
      type: "ScheduleFollowUp";
      followUpId: string;
      title: string;
      dueAt: string;
      assigneeId: string;
      note: string | null;
    } & Timed)
  | ({
      type: "CompleteFollowUp";
      followUpId: string;
      outcome: (typeof OUTCOMES)[number] | null;
      note: string | null;
    } & Timed);
