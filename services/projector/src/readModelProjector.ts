import type { RecordedCustomerEvent } from "@crm/domain";
import type { CustomerEventBus, GroupMembership } from "@crm/event-bus";
import { type CustomerEventMessage, fromCustomerEventMessage } from "@crm/event-contracts";
import { type AnyProjection, projectBatch, READ_MODEL_GROUP, READ_MODEL_PROJECTIONS } from "@crm/read-models";
import type { ReadStore } from "@crm/read-store";
import { groupedWrites } from "./groupedWrites.ts";
import { withProjectionSpans } from "./projectionSpans.ts";

// The read models fed from the bus instead of the event store: the same projections
// (READ_MODEL_PROJECTIONS, every read model the platform maintains) and the same
// projectBatch as the embedded projector, so both build identical documents.
// Redelivery is harmless because every document carries the revision it has seen and a
// projection ignores an event at or below it: (customerId, revision) de-duplicates.

export { READ_MODEL_GROUP };

/** Domain events of a batch; a type this build does not know yet (a newer producer) is left out. */
export const customerEventsOf = (messages: readonly CustomerEventMessage[]): RecordedCustomerEvent[] =>
  messages.flatMap((message) => fromCustomerEventMessage(message) ?? []);

export const startReadModelProjector = (deps: {
  bus: CustomerEventBus;
  readStore: ReadStore;
  group?: string;
  projections?: readonly AnyProjection[];
  /** Told when a batch is taken in hand, and again on each retry of it (for progress). */
  onHandling?: (batch: { firstPosition: string | undefined; firstRecordedAt: string | undefined }) => void;
  /** Told after each batch was written (for logs and progress). */
  onProjected?: (projected: {
    messages: number;
    /** Each message's global position, in the order handled. */
    positions: readonly string[];
    lastPosition: string | undefined;
    lastRecordedAt: string | undefined;
  }) => void;
  /**
   * Told when a batch failed (the read store down: ReadStoreUnavailableError); nothing was
   * committed and the same batch (of `partition`) is tried again after `retryInMs`.
   */
  onError?: (error: unknown, retryInMs: number, partition?: number) => void;
}): Promise<GroupMembership> => {
  const readStore = deps.readStore;
  const projections = deps.projections ?? READ_MODEL_PROJECTIONS;
  // The partitions' batches arriving while a write is in flight are written together after it.
  const project = groupedWrites<RecordedCustomerEvent>((events) =>
    projectBatch(readStore, projections, events),
  );
  return deps.bus.consume(
    deps.group ?? READ_MODEL_GROUP,
    async (messages, traces) => {
      deps.onHandling?.({ firstPosition: messages[0]?.position, firstRecordedAt: messages[0]?.recordedAt });
      await withProjectionSpans(messages, traces, () => project(customerEventsOf(messages)));
      deps.onProjected?.({
        messages: messages.length,
        positions: messages.map((message) => message.position),
        lastPosition: messages.at(-1)?.position,
        lastRecordedAt: messages.at(-1)?.recordedAt,
      });
    },
    deps.onError ? { onError: deps.onError } : {},
  );
};
