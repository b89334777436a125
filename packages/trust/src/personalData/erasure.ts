import { randomUUID } from "node:crypto";
import {
  type CommandContext,
  type CustomerCommandRunner,
  keysHeld,
  loadCustomer,
  loadForCommand,
  reservationStream,
} from "@crm/customers";
import { DomainError, decideCustomer, duplicateKeysOf } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { ErasureRequest, PersonalDataKeyStore } from "./keyStore.ts";
import type { ProtectedEventStore } from "./protectedEventStore.ts";

// Contract 10.1, POST /customers/{id}/erasure: the key is destroyed first, then
// PersonalDataErased is appended and the customer's duplicate keys are released. The key
// store keeps the erasure as pending until all of that is done, so a crash in between leaves
// a state the next start completes (completePending): never a half-erased customer.

export type PersonalDataErasure = ReturnType<typeof personalDataErasure>;

export const personalDataErasure = (deps: {
  /** The protected store: the profile must still be readable to find its duplicate keys. */
  eventStore: EventStore;
  protection: ProtectedEventStore;
  keys: PersonalDataKeyStore;
  runCommand: CustomerCommandRunner;
  clock: () => Date;
  /** Runs once an erasure is recorded: the read models are rewritten and their old bytes scrubbed. */
  afterErasure?: () => Promise<void>;
}) => {
  const complete = async (request: ErasureRequest) => {
    let revision: number | undefined;
    try {
      const outcome = await deps.runCommand(
        request.customerId,
        () => ({ type: "EraseCustomer", reason: request.reason, occurredAt: request.occurredAt }),
        {
          actor: request.actor,
          correlationId: request.correlationId,
          commandId: request.commandId,
          commandName: "eraseCustomer",
        },
      );
      revision = outcome.revision;
    } catch (error) {
      // Recorded before a crash cut the rest short: what is left to do is below.
      if (!(error instanceof DomainError && error.code === "erased")) throw error;
    }
    const recordedAt = deps.clock().toISOString();
    for (const stream of request.reservationStreams)
      await deps.eventStore.append(
        stream,
        [
          {
            eventId: randomUUID(),
            type: "DuplicateKeyReleased",
            data: { customerId: request.customerId },
            metadata: { recordedAt },
          },
        ],
        { expectedRevision: "any" },
      );
    await deps.keys.recorded(request.customerId);
    await deps.afterErasure?.();
    return revision;
  };

  /** Destroys one customer's key and records its erasure; the decider has said yes before anything is destroyed. */
  const eraseOne = async (
    customerId: string,
    body: { reason: string; occurredAt?: string | undefined },
    context: CommandContext,
  ): Promise<{ customerId: string; revision: number }> => {
    const loaded = await loadForCommand(deps.eventStore, customerId, context);
    const occurredAt = body.occurredAt ?? deps.clock().toISOString();
    // The decider's refusals (already erased, out of order) come before anything is destroyed.
    decideCustomer({ type: "EraseCustomer", reason: body.reason, occurredAt }, loaded.state);
    // Contract 9.2 + 10.1: a merged duplicate is the same person; it is erased first, so a crash
    // part-way leaves the survivor erasable again and the duplicates already done are skipped.
    for (const duplicateId of loaded.state.mergedDuplicates) {
      const duplicate = await loadCustomer(deps.eventStore, duplicateId);
      if (duplicate.state !== null && !duplicate.state.erased)
        await eraseOne(
          duplicateId,
          { reason: body.reason, occurredAt },
          { ...context, expectedRevision: undefined },
        );
    }
    const keys = duplicateKeysOf(loaded.state.profile);
    const request: ErasureRequest = {
      customerId,
      reason: body.reason,
      occurredAt,
      actor: context.actor,
      correlationId: context.correlationId,
      commandId: context.commandId,
      reservationStreams: keysHeld(keys).map(({ kind, key }) =>
        deps.protection.storedStreamName(reservationStream(kind, key)),
      ),
    };
    await deps.keys.destroy(request);
    deps.protection.forget(customerId);
    // The command runner's folded state holds the profile in the clear; it must not outlive the key.
    deps.runCommand.forget(customerId);
    const revision = await complete(request);
    return { customerId, revision: revision ?? loaded.revision + 1 };
  };

  return {
    erase: eraseOne,
    /** Finishes erasures a crash interrupted after their key was destroyed; run at start. */
    completePending: async () => {
      for (const request of await deps.keys.pendingErasures()) await complete(request);
    },
  };
};
