import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { type CustomerEventMessage, customerEventMessageOf } from "@crm/event-contracts";
import { type EventBatches, startEventBatches } from "@crm/event-store";
import type { DeliveryFailure, DeliveryFailures } from "./deliveryFailures.ts";
import { deliverUntilAccepted, type RetrySchedule } from "./deliveryRetries.ts";
import { deliverSigned } from "./signedDelivery.ts";
import { type AddressPolicy, addressRefusalOf } from "./subscriberAddress.ts";
import { type WebhookSubscriber, webhookCheckpointName } from "./subscribers.ts";

// One subscriber's deliveries, on the subscriber runtime every other subscriber uses
// (startEventBatches): its own checkpoint, stored only after every event of a batch was
// accepted, so a restart sends again at most what was not acknowledged. Within a batch each
// customer's events go one after another, in revision order; different customers go side by
// side. A failed delivery is tried again with growing waits, without end (deliveryRetries.ts).

/** Customers delivered at once within a batch: enough to hide one slow answer, few enough to be polite. */
const CUSTOMERS_AT_ONCE = 8;
const BATCH_SIZE = 200;
/** How long a subscriber's address, once checked, is trusted before it is resolved again. */
const ADDRESS_RECHECK_MS = 30_000;

export type WebhookDelivery = EventBatches;

/** Handed to the subscriber runtime as they are: the events, where the checkpoint is kept, who hears of failures. */
type OnTheSubscriberRuntime = Pick<
  Parameters<typeof startEventBatches>[0],
  "eventStore" | "checkpoints" | "onError"
>;

export const startWebhookDelivery = (
  deps: OnTheSubscriberRuntime & {
    subscriber: WebhookSubscriber;
    failures: DeliveryFailures;
    retry: RetrySchedule;
    policy: AddressPolicy;
    clock?: () => Date;
    /** Told after each accepted delivery, and each failed attempt (for metrics). */
    onAttempt?: (outcome: "delivered" | "failed") => void;
  },
): WebhookDelivery => {
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
    const answer = await deliverSigned(subscriber.url, subscriber.secret, message, {
      now: clock(),
      signal: stopping.signal,
    });
    if (answer.delivered) deps.onAttempt?.("delivered");
    return answer;
  };

  const deliver = (message: CustomerEventMessage) =>
    deliverUntilAccepted(() => attemptOnce(message), {
      schedule: deps.retry,
      signal: stopping.signal,
      onRefused: async (answer, attempt, wait) => {
        deps.onAttempt?.("failed");
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
      },
    });

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
        for (const message of events) await deliver(message);
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
