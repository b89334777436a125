import { randomUUID } from "node:crypto";
import { type CustomerState, DomainError, decideCustomer, type MergeCustomerBody } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { CommandContext } from "./commandContext.ts";
import { loadCustomer } from "./customerStreamReader.ts";
import { RETRY_AFTER_A_MOMENT, retryLostRaces } from "./lostRaces.ts";
import type { CommandOutcome } from "./runCustomerCommand.ts";
import type { CustomerUseCaseDeps } from "./useCaseDeps.ts";

// Contract 9.2: a merge writes to two customer streams, and an event store is atomic per stream
// only. Two merges racing over the same customers (A into B while B into A) could each pass the
// check on one stream and leave a cycle. So every merge is first decided in one log stream,
// appended with the revision read: that append is the merge's one moment of truth, and of two
// conflicting merges only one is decided. The two customer events follow: MergedInto on the
// duplicate first (it stops taking commands as soon as possible), then CustomerMerged on the
// survivor. A crash in between leaves a decided merge that `completePendingMerges` (run at
// start) or a repeat of the same request finishes; both deciders answer a repeat with nothing.

export const MERGE_LOG_STREAM = "crm-merges";

type MergeDecided = {
  mergeId: string;
  survivorId: string;
  duplicateId: string;
  note: string | null;
  occurredAt: string;
  actor: CommandContext["actor"];
  correlationId: string;
  /** The Idempotency-Key claim the merge request ran under: its events carry it, whoever finishes them. */
  idempotency?: CommandContext["idempotency"];
};

const readMergeLog = async (store: EventStore) => {
  const events = await store.readStream(MERGE_LOG_STREAM);
  return {
    revision: events.at(-1)?.revision ?? -1,
    decided: events
      .filter((event) => event.type === "MergeDecided")
      .map((event) => event.data as MergeDecided),
  };
};

/** A command that landed on a side after the merge was decided pushes the merge just after it. */
const notBefore = (occurredAt: string, state: CustomerState): string =>
  state && Date.parse(state.latestOccurredAt) > Date.parse(occurredAt) ? state.latestOccurredAt : occurredAt;

export const customerMerge = (deps: CustomerUseCaseDeps) => {
  const { eventStore: store, clock, runCommand } = deps;

  const complete = async (merge: MergeDecided): Promise<CommandOutcome> => {
    // Both events name the merge request as their cause, whoever finishes the merge.
    const context: CommandContext = {
      actor: merge.actor,
      correlationId: merge.correlationId,
      commandId: merge.mergeId,
      commandName: "mergeCustomer",
      ...(merge.idempotency ? { idempotency: merge.idempotency } : {}),
    };
    await runCommand(
      merge.duplicateId,
      (state) => ({
        type: "MarkMergedInto",
        survivorId: merge.survivorId,
        occurredAt: notBefore(merge.occurredAt, state),
      }),
      context,
    );
    return runCommand(
      merge.survivorId,
      (state) => ({
        type: "MergeCustomer",
        duplicateId: merge.duplicateId,
        note: merge.note,
        occurredAt: notBefore(merge.occurredAt, state),
      }),
      context,
    );
  };

  const attempt = async (survivorId: string, body: MergeCustomerBody, context: CommandContext) => {
    const { duplicateId } = body;
    if (duplicateId === survivorId)
      throw new DomainError("invalid_transition", "a customer cannot be merged with itself");
    const log = await readMergeLog(store);
    const [survivor, duplicate] = await Promise.all([
      loadCustomer(store, survivorId),
      loadCustomer(store, duplicateId),
    ]);
    if (survivor.state === null) throw new DomainError("not_found", "customer not found");
    if (duplicate.state === null)
      throw new DomainError("not_found", "the duplicate is not a known customer", { duplicateId });
    const earlier = log.decided.find(
      (merge) => merge.survivorId === survivorId && merge.duplicateId === duplicateId,
    );
    if (earlier) return complete(earlier);
    if (context.expectedRevision !== undefined && context.expectedRevision !== survivor.revision)
      throw new DomainError(
        "revision_mismatch",
        "the customer has changed since the revision given in If-Match",
        {
          currentRevision: survivor.revision,
        },
      );
    const decidedInto = new Map(log.decided.map((merge) => [merge.duplicateId, merge.survivorId]));
    for (const side of [survivorId, duplicateId]) {
      const mergedInto = decidedInto.get(side);
      if (mergedInto !== undefined)
        throw new DomainError("invalid_transition", "one side is already merged into another customer", {
          mergedInto,
        });
    }
    const occurredAt = body.occurredAt ?? clock().toISOString();
    // Both sides' rules first (already merged, business order), so a refused merge writes nothing.
    decideCustomer(
      { type: "MergeCustomer", duplicateId, note: body.note ?? null, occurredAt },
      survivor.state,
    );
    decideCustomer({ type: "MarkMergedInto", survivorId, occurredAt }, duplicate.state);
    const merge: MergeDecided = {
      mergeId: context.commandId,
      survivorId,
      duplicateId,
      note: body.note ?? null,
      occurredAt,
      actor: context.actor,
      correlationId: context.correlationId,
      ...(context.idempotency ? { idempotency: context.idempotency } : {}),
    };
    await store.append(
      MERGE_LOG_STREAM,
      [
        {
          eventId: randomUUID(),
          type: "MergeDecided",
          data: merge,
          metadata: { recordedAt: clock().toISOString() },
        },
      ],
      { expectedRevision: log.revision === -1 ? "no_stream" : log.revision },
    );
    return complete(merge);
  };

  const merge = async (survivorId: string, body: MergeCustomerBody, context: CommandContext) => {
    // Another merge may be decided between our read of the log and our append: read it again.
    return retryLostRaces(() => attempt(survivorId, body, context), RETRY_AFTER_A_MOMENT);
  };

  /** Finishes every decided merge whose customer events a crash left unwritten; harmless when none. */
  const completePendingMerges = async (onError: (error: unknown) => void = () => undefined) => {
    for (const decided of (await readMergeLog(store)).decided) {
      const [survivor, duplicate] = await Promise.all([
        loadCustomer(store, decided.survivorId),
        loadCustomer(store, decided.duplicateId),
      ]);
      if (
        duplicate.state?.mergedInto !== decided.survivorId ||
        !survivor.state?.mergedDuplicates.has(decided.duplicateId)
      )
        await complete(decided).catch(onError);
    }
  };

  return { merge, completePendingMerges };
};

export type CustomerMerge = ReturnType<typeof customerMerge>;
