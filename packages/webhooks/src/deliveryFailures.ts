import type { ReadStore } from "@crm/read-store";

// What GET /webhooks/{id}/deliveries lists: the subscriber's latest failed attempts, newest
// first. Kept short (a receiver down for a day fails thousands of times; the latest tell
// the operator what is wrong, and the lag metric tells how much waits).

export const WEBHOOK_DELIVERY_FAILURES = "webhook_delivery_failures";
export const FAILURES_KEPT = 100;

export type DeliveryFailure = {
  position: string;
  eventId: string;
  customerId: string;
  type: string;
  attempt: number;
  failedAt: string;
  /** The receiver's HTTP status, or null when there was no answer (refused, timed out). */
  status: number | null;
  reason: string;
  nextAttemptAt: string;
};

type FailureLog = { _id: string; failures: DeliveryFailure[] };

export const deliveryFailures = (readStore: ReadStore) => {
  const collection = () => readStore.collection<FailureLog>(WEBHOOK_DELIVERY_FAILURES);
  const list = async (webhookId: string): Promise<DeliveryFailure[]> =>
    (await collection().getMany([webhookId])).get(webhookId)?.failures ?? [];
  // A subscriber's worker delivers several customers at once: its records are written one
  // after another, so no read-modify-write overtakes another and loses a failure.
  const writing = new Map<string, Promise<void>>();
  return {
    list,
    record: (webhookId: string, failure: DeliveryFailure): Promise<void> => {
      const write = async () => {
        const failures = [failure, ...(await list(webhookId))].slice(0, FAILURES_KEPT);
        await collection().putMany([{ _id: webhookId, failures }]);
      };
      const next = (writing.get(webhookId) ?? Promise.resolve()).then(write, write);
      writing.set(webhookId, next);
      void next
        .finally(() => {
          if (writing.get(webhookId) === next) writing.delete(webhookId);
        })
        .catch(() => undefined);
      return next;
    },
  };
};

export type DeliveryFailures = ReturnType<typeof deliveryFailures>;
