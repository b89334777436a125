import { setTimeout as sleep } from "node:timers/promises";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { type CustomerEventMessage, customerEventMessageOf } from "@crm/event-contracts";
import {
  type CheckpointStore,
  type EventBatches,
  type EventStore,
  startEventBatches,
} from "@crm/event-store";
import type { DeliveryFailure, DeliveryFailures } from "./deliveryFailures.ts";
import { deliverSigned } from "./signedDelivery.ts";
import { type AddressPolicy, addressRefusalOf } from "./subscriberAddress.ts";
import { type WebhookSubscriber, webhookCheckpointName } from "./subscribers.ts";

// One subscriber's deliveries, on the subscriber runtime every other subscriber uses
// (startEventBatches): its own checkpoint, stored only after every event of a batch was
// accepted, so a restart sends again at most what was not acknowledged. Within a batch each
// customer's events go one after another, in revision order; different customers go side by
// side. A failed delivery is tried again with growing waits, without end: a receiver that is
// down for days loses nothing, and the lag metric and the failure list show it waiting.

export type RetrySchedule = {
  /** The wait after the first failure; it doubles after each next one. */
  firstMs: number;
  /** The longest wait between two attempts. */
  longestMs: number;
};

/** 5 s, 10 s, 20 s, ... then hourly: about 12 attempts in the first day, one an hour after. */
export const DEFAULT_RETRY: RetrySchedule = { firstMs: 5_000, longestMs: 3_600_000 };

/** Customers delivered at once within a batch: enough to hide one slow answer, few enough to be polite. */
const CUSTOMERS_AT_ONCE = 8;
const BATCH_SIZE = 200;
/** How long a subscriber's address, once checked, is trusted before it is resolved again. */
const ADDRESS_RECHECK_MS = 30_000;

export type WebhookDelivery = EventBatches;

export const waitBefore = (attempt: number, retry: RetrySchedule): number =>
  Math.min(retry.longestMs, retry.firstMs * 2 ** Math.min(attempt - 1, 30));

export const startWebhookDelivery = (deps: {
  subscriber: WebhookSubscriber;
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  failures: DeliveryFailures;
  retry: RetrySchedule;
  policy: AddressPolicy;
  clock?: () => Date;
  /** Told after each accepted delivery, and each failed attempt (for metrics). */
  onAttempt?: (outcome: "delivered" | "failed") => void;
  /** Told when the subscription or the bookkeeping failed; the batch is read again after `retryInMs`. */
  onError?: (error: unknown, retryInMs: number) => void;
}): WebhookDelivery => {
  const { subscriber } = deps;
  const clock = deps.clock ?? (() => new Date());
  const stopping = new AbortController();
  const wanted = (message: CustomerEventMessage) =>
    subscriber.types === null || subscriber.types.includes(message.type);

  // The address is looked up again at most every ADDRESS_RECHECK_MS, not once per delivery.
  let addressChecked: { at: number; refusal: string | null } | undefined;
  const refusalNow = async () => {
    if (!addressChecked || Date.now() - addressChecked.at > ADDRESS_RECHECK_MS)
      addressChecked = { at: Date.now(), refusal: await addressRefusalOf(subscriber.url, deps.policy) };
    return addressChecked.refusal;
  };

  const attemptOnce = async (message: CustomerEventMessage) => {
    const refusal = await refusalNow();
    if (refusal) return { delivered: false as const, status: null, reason: `not sent: ${refusal}` };
    return deliverSigned(subscriber.url, subscriber.secret, message, {
      now: clock(),
      signal: stopping.signal,
    });
  };

  const deliverUntilAccepted = async (message: CustomerEventMessage) => {
    for (let attempt = 1; ; attempt++) {
      stopping.signal.throwIfAborted();
      const answer = await attemptOnce(message);
      if (answer.delivered) {
        deps.onAttempt?.("delivered");
        return;
      }
      stopping.signal.throwIfAborted();
      deps.onAttempt?.("failed");
      const wait = waitBefore(attempt, deps.retry);
      const failedAt = clock();
      const failure: DeliveryFailure = {
        position: message.position,
        eventId: message.eventId,
        customerId: message.customerId,
        type: message.type,
        attempt,
        failedAt: failedAt.toISOString(),
        status: answer.status,
        reason: answer.reason,
        nextAttemptAt: new Date(failedAt.getTime() + wait).toISOString(),
      };
      // The list is for the operator; a read store that cannot take it must not reset the waits.
      await deps.failures.record(subscriber._id, failure).catch(() => undefined);
      await sleep(wait, undefined, { signal: stopping.signal });
    }
  };

  const deliverBatch = async (messages: CustomerEventMessage[]) => {
    const byCustomer = new Map<string, CustomerEventMessage[]>();
    for (const message of messages) {
      const events = byCustomer.get(message.customerId);
      if (events) events.push(message);
      else byCustomer.set(message.customerId, [message]);
    }
    const queue = [...byCustomer.values()];
    const worker = async () => {
      for (let events = queue.shift(); events; events = queue.shift())
        for (const message of events) await deliverUntilAccepted(message);
    };
    await Promise.all(Array.from({ length: Math.min(CUSTOMERS_AT_ONCE, queue.length) }, worker));
  };

  const batches = startEventBatches({
    name: webhookCheckpointName(subscriber._id),
    eventStore: deps.eventStore,
    checkpoints: deps.checkpoints,
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    batchSize: BATCH_SIZE,
    handle: (batch) =>
      deliverBatch(batch.flatMap((stored) => customerEventMessageOf(stored) ?? []).filter(wanted)),
    ...(deps.onError ? { onError: deps.onError } : {}),
  });

  return {
    ...batches,
    // A batch waiting to retry would hold a stop for up to an hour: the wait is cut short,
    // the batch is left unacknowledged, and the next start sends it again.
    stop: async () => {
      stopping.abort();
      await batches.stop();
    },
  };
};
