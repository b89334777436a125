import { CUSTOMER_STREAM_PREFIX, toRecordedCustomerEvent } from "@crm/domain";
import { type EventStore, startInMemoryFollower } from "@crm/event-store";
import { type DuplicatePair, decodePairCursor } from "./duplicatePairs.ts";
import { duplicateQueueIndex } from "./duplicateQueueIndex.ts";

// Contract 9.2, GET /duplicates, kept in the process that answers it: the candidates' index is
// fed by the event store's subscription on the shared subscriber runtime, from the first event
// at every start (its checkpoint lives in memory, like the index). Every API process, embedded or
// distributed, keeps its own. The same index is the organisation directory behind a new lead's
// near-duplicate hints (contract section 2): one pass over the history at start, not one each.

const DUPLICATE_REVIEW_QUEUE = "duplicate-review-queue";
/** What the candidates' documents fold: the profile, merges, dismissals, erasures. */
const WATCHED = new Set([
  "LeadCreated",
  "ProfileUpdated",
  "MergedInto",
  "DuplicateDismissed",
  "PersonalDataErased",
]);

export type DuplicatePage = { items: DuplicatePair[]; nextCursor: string | null };

export type DuplicateReviewQueue = {
  /** One page after the cursor's pair (a cursor from a previous page, already checked). */
  page(page: { limit: number; cursor?: string }): DuplicatePage;
  /** Resolves once every customer that existed at start is in the queue. */
  caughtUp: Promise<void>;
  /** Resolves once events up to this position are in the queue. */
  waitFor(position: bigint): Promise<void>;
  stop(): Promise<void>;
  /** The organisation directory lead registration asks for near matches (customers' OrganisationDirectory). */
  directory: {
    add(customerId: string, organisationKey: string): void;
    nearMatches(organisationKey: string): string[];
  };
};

export const startDuplicateReviewQueue = (
  eventStore: EventStore,
  options: { onError?: (error: unknown, retryInMs: number) => void } = {},
): DuplicateReviewQueue => {
  const index = duplicateQueueIndex();
  const subscriber = startInMemoryFollower({
    name: DUPLICATE_REVIEW_QUEUE,
    eventStore,
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    types: WATCHED,
    apply: (stored) => {
      const event = toRecordedCustomerEvent(stored);
      if (event) index.apply(event);
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return {
    page: ({ limit, cursor }) => {
      const position = cursor === undefined ? undefined : (decodePairCursor(cursor) ?? undefined);
      return index.page({ limit, ...(position ? { cursor: position } : {}) });
    },
    caughtUp: subscriber.caughtUp,
    waitFor: (position) => subscriber.waitFor(position),
    stop: () => subscriber.stop(),
    directory: {
      add: (customerId, organisationKey) => index.addOrganisation(customerId, organisationKey),
      nearMatches: (organisationKey) => index.nearOrganisations(organisationKey),
    },
  };
};
