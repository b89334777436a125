import type { Actor } from "@crm/domain";
import type { IdempotencyMark } from "./idempotencyKeys.ts";

/** Who asks, within which request: stamped on every event the command appends (contract section 3). */
export type CommandContext = {
  actor: Actor;
  correlationId: string;
  /** The command's own id: every event it causes names it as causationId. */
  commandId: string;
  /** The command's name as recorded in metadata, e.g. "advanceStage". */
  commandName: string;
  /** If-Match: the revision the client last saw; a different current revision is 412. */
  expectedRevision?: number;
  /** Under an Idempotency-Key: stamped on every event appended, so a retry can find them. */
  idempotency?: IdempotencyMark;
};

export type Clock = () => Date;
