import { type ApiKey, buildApi } from "@crm/api";
import {
  customerCommandRunner,
  customerMerge,
  startOrganisationDirectory,
  startReferralReactor,
} from "@crm/customers";
import type { EventStore } from "@crm/event-store";
import {
  type AliasedReadStore,
  type AuditEntry,
  auditTrailProjection,
  type CustomerSummary,
  customerSummaryProjection,
  type DuplicateCandidate,
  duplicateCandidatesProjection,
  type Projector,
  READ_MODEL_PROJECTIONS,
  READ_MODEL_PROJECTOR,
  startProjector,
  viewQueries,
} from "@crm/read-models";
import type { FastifyBaseLogger } from "fastify";
import { withAppendHead } from "./appendHead.ts";

export type PlatformOptions = {
  eventStore: EventStore;
  readStore: AliasedReadStore;
  apiKeys: ApiKey[];
  /**
   * Whether this process maintains the read models itself from the event store's
   * subscription (embedded), or a projector service does it from Kafka (distributed).
   */
  projectReadModels: boolean;
  logger?: FastifyBaseLogger;
  clock?: () => Date;
  /** Called after everything else is closed (releases the data-folder lock). */
  onClosed?: () => void;
};

/** How long a read waits for the read models to catch up with this process's own writes. */
const SETTLE_TIMEOUT_MS = 2_000;

/** Waits until the projector has applied this process's latest write, or the timeout passes. */
const readYourWrites = (projector: Projector | undefined, head: () => bigint | undefined) => async () => {
  const position = head();
  if (!projector || position === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    projector.waitFor(position),
    new Promise((resolve) => {
      timer = setTimeout(resolve, SETTLE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
};

/**
 * The API with its in-process subscribers, on whatever stores it is given: the
 * embedded platform passes SQLite files, the distributed setup EventStoreDB and
 * MongoDB. The referral reactor always runs here; the read-model projector only
 * when no projector service does that job.
 */
export const startPlatform = async (options: PlatformOptions) => {
  const clock = options.clock ?? (() => new Date());
  const { eventStore, head } = withAppendHead(options.eventStore);
  const { readStore } = options;
  const directory = startOrganisationDirectory(eventStore);
  const runCommand = customerCommandRunner({ eventStore, clock });
  const logError = (what: string) => (error: unknown) =>
    app.log.error({ err: error }, `${what} failed; restarting`);
  const projector = options.projectReadModels
    ? startProjector({
        name: READ_MODEL_PROJECTOR,
        eventStore,
        readStore,
        projections: READ_MODEL_PROJECTIONS,
        onError: logError("read-model projector"),
      })
    : undefined;

  const app = await buildApi({
    eventStore,
    directory,
    apiKeys: options.apiKeys,
    runCommand,
    clock,
    readModels: {
      views: viewQueries({ eventStore, readStore, clock }),
      // Opened with the indexes their projections declare, so a replica that projects nothing
      // creates them too.
      customerSummaries: readStore.collection<CustomerSummary>(customerSummaryProjection.collection, {
        indexes: customerSummaryProjection.indexes ?? [],
      }),
      auditEntries: readStore.collection<AuditEntry>(auditTrailProjection.collection, {
        indexes: auditTrailProjection.indexes ?? [],
      }),
      duplicateCandidates: () =>
        readStore.collection<DuplicateCandidate>(duplicateCandidatesProjection.collection).all(),
      settle: readYourWrites(projector, head),
    },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  // Contract 9.2: a merge a crash interrupted between its two customer events is finished on start.
  const pendingMerges = customerMerge({ eventStore, clock, runCommand })
    .completePendingMerges(logError("merge completion"))
    .catch(logError("merge completion"));
  const referralReactor = startReferralReactor({
    eventStore,
    checkpoints: readStore.checkpoints,
    runCommand,
    onError: logError("referral reactor"),
  });

  return {
    app,
    eventStore,
    readStore,
    projector,
    /** Resolves once the in-process subscribers have seen every event that existed at start. */
    caughtUp: Promise.all([
      directory.ready,
      referralReactor.caughtUp,
      projector?.caughtUp,
      pendingMerges,
    ]).then(() => undefined),
    close: async () => {
      await pendingMerges;
      await app.close();
      await referralReactor.stop();
      await projector?.stop();
      await directory.stop();
      await eventStore.close();
      await readStore.close();
      options.onClosed?.();
    },
  };
};

export type Platform = Awaited<ReturnType<typeof startPlatform>>;
