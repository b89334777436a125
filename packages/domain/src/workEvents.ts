import { z } from "zod";
import { OUTCOMES } from "./vocabulary.ts";

// Event data of contract 9.3 (the shared pool) and 9.4 (follow-ups), kept beside
// the section 3 events in events.ts. Optional facts are stored as null.

/** Why a customer changed hands (contract 9.3); `assigned` is PUT /owner, the only reason v1 knew. */
export const OWNER_ASSIGNMENT_REASONS = ["assigned", "claimed", "released", "idle"] as const;
export type OwnerAssignmentReason = (typeof OWNER_ASSIGNMENT_REASONS)[number];

export const ownerAssignedV1 = z.object({
  schemaVersion: z.literal(1),
  ownerId: z.string().nullable(),
  previousOwnerId: z.string().nullable(),
});

/** v2: every change of hands says why, and a release may say what the rep leaves behind. */
export const ownerAssignedV2 = ownerAssignedV1.extend({
  schemaVersion: z.literal(2),
  reason: z.enum(OWNER_ASSIGNMENT_REASONS),
  note: z.string().nullable(),
});

export const followUpScheduledV1 = z.object({
  schemaVersion: z.literal(1),
  followUpId: z.uuid(),
  title: z.string(),
  dueAt: z.string(),
  assigneeId: z.string(),
  note: z.string().nullable(),
});

export const followUpCompletedV1 = z.object({
  schemaVersion: z.literal(1),
  followUpId: z.uuid(),
  outcome: z.enum(OUTCOMES).nullable(),
  note: z.string().nullable(),
});
