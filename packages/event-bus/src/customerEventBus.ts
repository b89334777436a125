import type { CustomerEventMessage } from "@crm/event-contracts";

// The bus port (contract section 6). The relay publishes what the event store
// recorded; read-model projectors and downstream services consume it as named
// groups. Delivery is at least once: a group's progress moves only when its
// handler succeeded, so a member that fails or dies hands the same messages to
// the next one, and consumers de-duplicate on (customerId, revision).

/**
 * W3C trace context of one message (`traceparent`, `tracestate`), carried in the message's
 * headers beside the contract's value, so a consumer continues the producer's trace.
 */
export type TraceHeaders = Record<string, string>;

/**
 * Handles one batch. Resolving commits the group's progress past the batch;
 * throwing commits nothing and the same batch comes again after a backoff.
 * All messages of a batch share a partition, so one customer's are in order. Batches of
 * different partitions may be handled at the same time (never two of one partition), so a handler
 * whose every write concerns one customer needs no lock.
 */
export type CustomerEventBatchHandler = (
  messages: readonly CustomerEventMessage[],
  /** Each message's trace context, by index (undefined where it carried none). */
  traces: ReadonlyArray<TraceHeaders | undefined>,
) => Promise<void>;

/**
 * A failed batch is retried until done (skipping it would lose events, giving up would leave a
 * read model stale with nobody told), waiting longer each time up to the longest wait.
 */
export const BATCH_RETRY_WAITS = { firstMs: 100, longestMs: 5_000 };

export type ConsumeOptions = {
  /**
   * Told each time a batch failed (or a message could not be read), with the wait before
   * the next attempt. The member keeps retrying: it neither skips the batch nor stops.
   * `partition` names the batch's partition where the bus has them: a member consumes its
   * partitions side by side, so each one's retries (and growing waits) are its own.
   */
  onError?: (error: unknown, retryInMs: number, partition?: number) => void;
};

/** One member of a consumer group. */
export type GroupMembership = {
  /**
   * Leaves the group: a batch being handled is finished (and committed when it succeeds),
   * a batch waiting for its next attempt is left uncommitted for the group's next member.
   */
  stop(): Promise<void>;
};

export interface CustomerEventBus {
  /**
   * Resolves once the bus holds every message durably (Kafka: acknowledged by all in-sync
   * replicas), keyed by customerId so one customer's messages keep the order given.
   * Rejects when it could not: then some, all or none may have been kept, and the
   * caller publishes again (consumers ignore what they have seen).
   */
  publish(
    messages: readonly CustomerEventMessage[],
    /** Each message's trace context, by index, sent as its headers. */
    traces?: ReadonlyArray<TraceHeaders | undefined>,
  ): Promise<void>;
  /**
   * Joins the named group. A group new to the bus starts at the oldest message; a group
   * that handled messages before resumes after the last batch it committed. Groups are
   * independent: each sees every message.
   */
  consume(
    group: string,
    handler: CustomerEventBatchHandler,
    options?: ConsumeOptions,
  ): Promise<GroupMembership>;
  /** Stops every membership of this bus (as their stop()), then lets go of connections. */
  close(): Promise<void>;
}
