import { CUSTOMER_STREAM_PREFIX, toRecordedCustomerEvent } from "@crm/domain";
import type { CustomerEventBus } from "@crm/event-bus";
import {
  CUSTOMER_EVENTS_TOPIC,
  type CustomerEventMessage,
  toCustomerEventMessage,
} from "@crm/event-contracts";
import type { CheckpointStore, EventStore, RecordedEvent } from "@crm/event-store";
import { type EventBatches, startEventBatches } from "@crm/event-store";
import { publishTraced } from "./publishTraced.ts";

// The relay (Eventuous's gateway): event-store subscription -> contract message -> bus,
// keyed by customerId. The checkpoint moves only after the bus acknowledged a batch, so a
// relay killed at any moment publishes again from its checkpoint: consumers may see an
// event twice, never miss one.

const DEFAULT_BATCH_SIZE = 256;

/**
 * How often the relay service stores its checkpoint. Beside the read models in MongoDB it is one
 * replacement of an existing document, the slowest kind of write on FerretDB v1 (50-165 ms under
 * load), and the next batch waited for it. Every thousand events (and at a stop) instead: a
 * SIGKILL publishes again at most that many, which every consumer ignores.
 */
export const RELAY_CHECKPOINT_EVERY = 1_000;

/** The checkpoint's default name: per destination, so a relay to a new topic starts from the first event. */
export const relayCheckpointName = (topic: string = CUSTOMER_EVENTS_TOPIC): string => `relay:${topic}`;

/** Contract section 6's messages for the customer events of a batch; other events have no message. */
export const customerEventMessages = (batch: readonly RecordedEvent[]): CustomerEventMessage[] =>
  batch.flatMap((stored) => {
    const event = toRecordedCustomerEvent(stored);
    return event ? [toCustomerEventMessage(event)] : [];
  });

export type Relay = EventBatches;

export const startRelay = (deps: {
  eventStore: EventStore;
  bus: CustomerEventBus;
  checkpoints: CheckpointStore;
  checkpointName?: string;
  batchSize?: number;
  /**
   * Store the checkpoint once this many events were published since the last one stored (default:
   * after every batch), and at a stop. A crash publishes again at most this many, which consumers
   * ignore (they de-duplicate by revision); the next batch no longer waits for a checkpoint write.
   */
  checkpointEvery?: number;
  /** Told after each batch the bus acknowledged (for logs and progress). */
  onPublished?: (published: { messages: number; position: bigint }) => void;
  onError?: (error: unknown, retryInMs: number) => void;
}): Relay =>
  startEventBatches({
    name: deps.checkpointName ?? relayCheckpointName(),
    eventStore: deps.eventStore,
    checkpoints: deps.checkpoints,
    // Only customer streams: duplicate-key reservations and other bookkeeping stay inside.
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    batchSize: deps.batchSize ?? DEFAULT_BATCH_SIZE,
    ...(deps.checkpointEvery === undefined ? {} : { checkpointEvery: deps.checkpointEvery }),
    handle: async (batch) => {
      const messages = await publishTraced(deps.bus, batch);
      const last = batch.at(-1);
      if (last) deps.onPublished?.({ messages: messages.length, position: last.position });
    },
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
