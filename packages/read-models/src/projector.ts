import { CUSTOMER_STREAM_PREFIX, type RecordedCustomerEvent, toRecordedCustomerEvent } from "@crm/domain";
import { type EventBatches, type EventStore, startEventBatches } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import { pendingWrites } from "./pendingWrites.ts";
import { projectBatch } from "./projectBatch.ts";
import type { AnyProjection } from "./projection.ts";

// Runs projections in-process on the event store's subscription, in checkpointed
// batches (a rebuild of a long history would otherwise write once per event). The
// checkpoint is stored after the batch's documents, so a crash between the two only
// means a redelivery, which projections ignore (every document knows its revision).
// A catch-up keeps its documents in memory and writes each once per settle (at the live edge,
// or every SETTLE_EVERY events), not once per batch: see pendingWrites.ts.

/** Large enough that a catch-up writes a customer's documents once per batch, not once per event. */
const DEFAULT_BATCH_SIZE = 5_000;

/** Events a catch-up handles between two writes of its documents: bounds the memory they hold. */
const SETTLE_EVERY = 250_000;

export type Projector = EventBatches;

export const startProjector = (deps: {
  name: string;
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly AnyProjection[];
  batchSize?: number;
  onError?: (error: unknown, retryInMs: number) => void;
}): Projector => {
  const writes = pendingWrites(deps.readStore);
  return startEventBatches({
    name: deps.name,
    eventStore: deps.eventStore,
    checkpoints: deps.readStore.checkpoints,
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    batchSize: deps.batchSize ?? DEFAULT_BATCH_SIZE,
    handle: (batch) =>
      projectBatch(
        writes.readStore,
        deps.projections,
        batch.flatMap((stored) => toRecordedCustomerEvent(stored) ?? []) as RecordedCustomerEvent[],
      ),
    deferred: { settle: writes.settle, every: SETTLE_EVERY },
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
};
