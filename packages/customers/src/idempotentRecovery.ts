import { customerStreamName } from "@crm/domain";
import type { EventStore, RecordedEvent } from "@crm/event-store";

/**
 * The events earlier attempts of a keyed request appended to a customer's stream (by the claim
 * ids they were stamped with): what a retry rebuilds the first answer from after a crash.
 */
export const eventsOfAttempts = async (
  store: EventStore,
  customerId: string,
  claimIds: readonly string[],
): Promise<RecordedEvent[]> => {
  if (claimIds.length === 0) return [];
  const claims = new Set(claimIds);
  return (await store.readStream(customerStreamName(customerId))).filter((event) =>
    claims.has(String(event.metadata.idempotencyClaim)),
  );
};
