import { CUSTOMER_STREAM_PREFIX, duplicateKeysOf, toRecordedCustomerEvent } from "@crm/domain";
import { type EventStore, inMemoryCheckpoints, startEventBatches } from "@crm/event-store";
import { organisationKeyIndex } from "./organisationKeyIndex.ts";

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
const BATCH_SIZE = 1_000;

export const startOrganisationDirectory = (
  store: EventStore,
  options: { onError?: (error: unknown, retryInMs: number) => void } = {},
): OrganisationDirectory => {
  const keys = organisationKeyIndex();
  const subscriber = startEventBatches({
    name: ORGANISATION_DIRECTORY,
    eventStore: store,
    checkpoints: inMemoryCheckpoints(),
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    batchSize: BATCH_SIZE,
    handle: async (batch) => {
      for (const stored of batch) {
        if (stored.type !== "LeadCreated") continue;
        const event = toRecordedCustomerEvent(stored);
        if (event?.type !== "LeadCreated") continue;
        const key = duplicateKeysOf(event.data).organisation;
        if (key) keys.add(event.customerId, key);
      }
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
