import { type ChainVerdict, customerStreamName, DomainError, verifyHashChain } from "@crm/domain";
import type { EventStore } from "@crm/event-store";

/**
 * Contract section 4, verify: recomputes a customer's hash chain from its events as
 * stored (not upcast, not from a read model), so what is checked is what is kept.
 */
export const verifyCustomerChain = async (store: EventStore, customerId: string): Promise<ChainVerdict> => {
  const stored = await store.readStream(customerStreamName(customerId));
  if (stored.length === 0) throw new DomainError("not_found", "customer not found");
  return verifyHashChain(stored);
};
