import {
  CUSTOMER_STREAM_PREFIX,
  duplicateKeysOf,
  organisationKeyIndex,
  type RecordedCustomerEvent,
  toRecordedCustomerEvent,
} from "@crm/domain";
import type { EventStore, EventSubscription } from "@crm/event-store";

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

const WATCHED = new Set(["LeadCreated", "ProfileUpdated", "MergedInto"]);

export const startOrganisationDirectory = (store: EventStore): OrganisationDirectory => {
  const keys = organisationKeyIndex();
  // Contract 9.1: a changed company or name moves the key, so the names behind each key are kept.
  const names = new Map<string, { name: string; company: string | null }>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const indexNames = (customerId: string, profile: { name: string; company: string | null }) => {
    names.set(customerId, profile);
    const key = duplicateKeysOf(profile).organisation;
    if (key) keys.add(customerId, key);
    else keys.remove(customerId);
  };
  const apply = (event: RecordedCustomerEvent) => {
    if (event.type === "LeadCreated") indexNames(event.customerId, event.data);
    const known = names.get(event.customerId);
    if (event.type === "ProfileUpdated" && known) {
      const { name, company } = event.data.changes;
      if (name || company)
        indexNames(event.customerId, {
          name: name?.to ?? known.name,
          company: company ? company.to : known.company,
        });
    }
    // Contract 9.2: a merged duplicate is nobody's candidate any more.
    if (event.type === "MergedInto") {
      keys.remove(event.customerId);
      names.delete(event.customerId);
    }
  };
  const subscription: EventSubscription = store.subscribeToAll(
    (stored) => {
      if (!WATCHED.has(stored.type)) return;
      const event = toRecordedCustomerEvent(stored);
      if (event) apply(event);
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
