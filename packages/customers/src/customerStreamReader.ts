import {
  type CustomerState,
  customerStreamName,
  foldCustomer,
  GENESIS_HASH,
  type RecordedCustomerEvent,
  toRecordedCustomerEvent,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";

export type LoadedCustomer = {
  events: RecordedCustomerEvent[];
  state: CustomerState;
  /** The stream's revision; -1 when the customer does not exist. */
  revision: number;
  /** The hash the next event chains to. */
  lastHash: string;
};

export const readCustomerEvents = async (
  store: EventStore,
  customerId: string,
): Promise<RecordedCustomerEvent[]> =>
  (await store.readStream(customerStreamName(customerId))).flatMap((stored) => {
    const event = toRecordedCustomerEvent(stored);
    return event ? [event] : [];
  });

export const loadCustomer = async (store: EventStore, customerId: string): Promise<LoadedCustomer> => {
  const events = await readCustomerEvents(store, customerId);
  const last = events.at(-1);
  return {
    events,
    state: foldCustomer(events),
    revision: last?.revision ?? -1,
    lastHash: last?.metadata.hash ?? GENESIS_HASH,
  };
};
