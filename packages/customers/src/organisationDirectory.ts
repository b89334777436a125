import {
  CUSTOMER_STREAM_PREFIX,
  duplicateKeysOf,
  organisationKeyIndex,
  type RecordedCustomerEvent,
  toRecordedCustomerEvent,
} from "@crm/domain";
import { type EventStore, startInMemoryFollower } from "@crm/event-store";

// Near matches (北京移动 / 中国移动北京) cannot be found by key lookup, so every
// organisation key is kept in memory, in an index by character. It is advisory: a
// create is never blocked by it, so an index a moment behind the store is acceptable.
// It runs on the shared subscriber runtime: a dropped subscription is restarted, never
// thrown into the API process. The index lives in memory, so its checkpoint does too: a
// restart in the same process resumes where it was, a new process reads from the start.
export type OrganisationDirectory = {
  add(customerId: string, organisationKey: string): void;
  nearMatches(organisationKey: string): string[];
  stop(): Promise<void>;
  /** Resolves once every customer that existed at start is in the directory. */
  ready: Promise<void>;
};

const ORGANISATION_DIRECTORY = "organisation-directory";
const WATCHED = new Set(["LeadCreated", "ProfileUpdated", "MergedInto", "PersonalDataErased"]);

export const startOrganisationDirectory = (
  store: EventStore,
  options: { onError?: (error: unknown, retryInMs: number) => void } = {},
): OrganisationDirectory => {
  const keys = organisationKeyIndex();
  // Contract 9.1: a changed company or name moves the key, so the names behind each key are kept.
  const names = new Map<string, { name: string; company: string | null }>();
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
    // Contract 9.2: a merged duplicate is nobody's candidate any more; 10.1: nor is an erased customer.
    if (event.type === "MergedInto" || event.type === "PersonalDataErased") {
      keys.remove(event.customerId);
      names.delete(event.customerId);
    }
  };
  const subscriber = startInMemoryFollower({
    name: ORGANISATION_DIRECTORY,
    eventStore: store,
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    types: WATCHED,
    apply: (stored) => {
      const event = toRecordedCustomerEvent(stored);
      if (event) apply(event);
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return {
    add: (customerId, organisationKey) => keys.add(customerId, organisationKey),
    nearMatches: (organisationKey) => keys.nearMatches(organisationKey),
    stop: () => subscriber.stop(),
    ready: subscriber.caughtUp,
  };
};
