import {
  CUSTOMER_STREAM_PREFIX,
  customerIdOfStream,
  duplicateKeysOf,
  toRecordedCustomerEvent,
} from "@crm/domain";
import type { EventStore, EventSubscription } from "@crm/event-store";
import { organisationKeyIndex } from "./organisationKeyIndex.ts";

// Near matches (北京移动 / 中国移动北京) cannot be found by key lookup, so every
// organisation key is kept in memory, in an index by character. It is advisory: a
// create is never blocked by it, so an index a moment behind the store is acceptable.
export type OrganisationDirectory = {
  add(customerId: string, organisationKey: string): void;
  nearMatches(organisationKey: string): string[];
  stop(): Promise<void>;
  /** Resolves once every customer that existed at start is in the directory. */
  ready: Promise<void>;
};

export const startOrganisationDirectory = (store: EventStore): OrganisationDirectory => {
  const keys = organisationKeyIndex();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const subscription: EventSubscription = store.subscribeToAll(
    (stored) => {
      if (stored.type === "PersonalDataErased") {
        const customerId = customerIdOfStream(stored.streamName);
        if (customerId) keys.forget(customerId);
        return;
      }
      if (stored.type !== "LeadCreated") return;
      const event = toRecordedCustomerEvent(stored);
      if (event?.type !== "LeadCreated") return;
      const key = duplicateKeysOf(event.data).organisation;
      if (key) keys.add(event.customerId, key);
    },
    { streamPrefix: CUSTOMER_STREAM_PREFIX, onCaughtUp: () => markReady() },
  );
  return {
    add: (customerId, organisationKey) => keys.add(customerId, organisationKey),
    nearMatches: (organisationKey) => keys.nearMatches(organisationKey),
    stop: () => subscription.stop(),
    ready,
  };
};
