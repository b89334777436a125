import { type ApiKey, buildApi, type EventStreamSettings } from "@crm/api";
import {
  customerCommandRunner,
  customerMerge,
  startIdleReturnRule,
  startReferralReactor,
} from "@crm/customers";
import type { EventStore } from "@crm/event-store";
import {
  type AliasedReadStore,
  type AuditEntry,
  type AuditSource,
  auditReadModel,
  auditTrailProjection,
  type CustomerFollowUpsDocument,
  type CustomerSummary,
  collectionOptionsOf,
  customerFollowUpsProjection,
  customerSummaryProjection,
  type FollowUpEntryDocument,
  followUpEntriesProjection,
  idleCandidates,
  type PoolWatchDocument,
  type Projector,
  poolWatchProjection,
  READ_MODEL_PROJECTOR,
  readModelCheckpointName,
  readModelProjections,
  startDuplicateReviewQueue,
  startProjector,
  viewQueries,
} from "@crm/read-models";
import { ReadStoreUnavailableError } from "@crm/read-store";
import {
  ACCESS_RECORDS_COLLECTION,
  type AccessRecordDocument,
  type PersonalDataKeyStore,
  personalDataErasure,
  type SigningKey,
  startAccessLog,
  withPersonalDataProtection,
} from "@crm/trust";
import type { FastifyBaseLogger } from "fastify";
import { anchoredHistory } from "./anchoredHistory.ts";
import { withAppendHead } from "./appendHead.ts";
import { serveConsole } from "./consoleSite.ts";
import { platformOperations } from "./platformOperations.ts";
import { startPlatformWebhooks, type WebhookSettings } from "./platformWebhooks.ts";
import { countPoolRuleRuns } from "./poolRuleMetrics.ts";
import { type ReadModelsOnKafka, reportReadModelLagOnKafka } from "./readModelLagOnKafka.ts";

export type PlatformOptions = {
  eventStore: EventStore;
  readStore: AliasedReadStore;
  /**
   * The embedded default's audit trail, read from the SQLite event store's rows (@crm/stores'
   * eventStoreAuditTrail; closed with the platform): the read models then leave it out. Without
   * it the audit trail is a read model of the read store, as in the distributed setup.
   */
  auditTrail?: AuditSource & { close(): void };
  apiKeys: ApiKey[];
  /**
   * Whether this process maintains the read models itself from the event store's
   * subscription (embedded), or a projector service does it from Kafka (distributed).
   */
  projectReadModels: boolean;
  /**
   * The platform's Ed25519 key (contract 10.4). With it this process anchors the history:
   * exactly one process per event store should, so replicas start without one.
   */
  signingKey?: SigningKey;
  /**
   * Contract 10.1: the key store and master key. With them personal fields are stored
   * encrypted and erasure is possible; without, events are stored as given.
   */
  personalData?: { keys: PersonalDataKeyStore; masterKey: Buffer };
  /** Makes what the read store freed unrecoverable from its files (after an erasure). */
  scrubReadStore?: () => Promise<void>;
  logger?: FastifyBaseLogger;
  clock?: () => Date;
  /** How long an Idempotency-Key claim without an answer counts as in progress (default 30 s). */
  idempotencyClaimTimeoutMs?: number;
  /** Heartbeat and stalled-reader timings of /events/stream; the API's defaults when absent. */
  eventStream?: EventStreamSettings;
  /** Whether requests and appends are traced (startTracing found OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracing?: boolean;
  /** The projector service's group in the distributed setup: its lag is reported here too. */
  readModelsOnKafka?: ReadModelsOnKafka;
  /** Webhook deliveries: the allow-list of link-local hosts, and the retry schedule. */
  webhooks?: WebhookSettings;
  /** Contract 9.3, the idle-return rule: CRM_POOL_IDLE_DAYS (default 30), and how often it runs (default hourly). */
  pool?: { idleDays?: number; everyMs?: number };
  /** Called after everything else is closed (releases the data-folder lock). */
  onClosed?: () => void;
};

/** How long a read waits for the read models to catch up with this process's own writes. */
const SETTLE_TIMEOUT_MS = 2_000;

/** Waits until the projector (or another follower) has applied this process's latest write, or the timeout passes. */
const readYourWrites =
  (projector: Pick<Projector, "waitFor"> | undefined, head: () => bigint | undefined) => async () => {
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

/** Waits for an in-process follower's first catch-up; past the timeout the read is a 503, not a partial answer. */
const loaded = async (caughtUp: Promise<void>, what: string) => {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    caughtUp.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), SETTLE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!done) throw new ReadStoreUnavailableError(what);
};

/**
 * The API with its in-process subscribers, on whatever stores it is given: the
 * embedded platform passes SQLite files, the distributed setup EventStoreDB and
 * MongoDB. The referral reactor always runs here; the read-model projector only
 * when no projector service does that job.
 */
export const startPlatform = async (options: PlatformOptions) => {
  const clock = options.clock ?? (() => new Date());
  const { readStore } = options;
  const operations = platformOperations(options.eventStore, readStore, options.tracing);
  // The store as the files hold it (encrypted), and as the platform works with it (in the clear).
  const storedEvents = operations.eventStore;
  const protection = options.personalData
    ? withPersonalDataProtection(storedEvents, options.personalData)
    : undefined;
  const { eventStore, head } = withAppendHead(protection?.eventStore ?? storedEvents);
  // Subscribers start before the API exists and may fail at once, so they log to the
  // logger itself, never through the app.
  const logError = (what: string) => (error: unknown, retryInMs?: number) =>
    options.logger?.error({ err: error, retryInMs }, `${what} failed; restarting`);
  // One in-memory follower keeps the duplicate review queue and, from its index, the organisation
  // directory behind a new lead's near-duplicate hints: the history is read and decrypted once.
  const duplicateQueue = startDuplicateReviewQueue(eventStore, {
    onError: logError("organisation directory and duplicate review queue"),
  });
  const { directory } = duplicateQueue;
  // Contract 9.2: the queue is this process's own; a read waits for it to hold the caller's writes.
  const queueHoldsOwnWrites = readYourWrites(duplicateQueue, head);
  const runCommand = customerCommandRunner({ eventStore, clock });
  const projections = readModelProjections({ auditTrailInEventStore: options.auditTrail !== undefined });
  const projector = options.projectReadModels
    ? startProjector({
        // Named by every read model of the platform, the audit trail's included wherever it is read
        // from: a data folder whose trail moved to the event store does not read its history again.
        name: readModelCheckpointName(),
        eventStore,
        readStore,
        projections,
        onError: logError("read-model projector"),
      })
    : undefined;
  if (projector) operations.reportSubscriber(READ_MODEL_PROJECTOR, () => projector.position());
  const kafkaLag = options.readModelsOnKafka
    ? reportReadModelLagOnKafka(operations, options.readModelsOnKafka)
    : undefined;
  const webhooks = startPlatformWebhooks({
    eventStore,
    readStore,
    operations,
    settings: options.webhooks ?? {},
    onError: logError("webhook delivery"),
  });

  const history = options.signingKey
    ? anchoredHistory({
        storedEvents,
        readStore,
        signingKey: options.signingKey,
        clock,
        onError: logError("history anchor"),
      })
    : undefined;

  const accessLog = startAccessLog({ readStore, clock, onError: logError("access log") });
  const settle = readYourWrites(projector, head);
  const erasure =
    protection && options.personalData
      ? personalDataErasure({
          eventStore,
          protection,
          keys: options.personalData.keys,
          runCommand,
          clock,
          // The customer's read-model documents are rewritten by the projector; then the old bytes go.
          afterErasure: async () => {
            await settle();
            await options.scrubReadStore?.();
          },
        })
      : undefined;
  await erasure?.completePending();

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
      customerSummaries: readStore.collection<CustomerSummary>(
        customerSummaryProjection.collection,
        collectionOptionsOf(customerSummaryProjection),
      ),
      auditTrail:
        options.auditTrail ??
        auditReadModel(
          readStore.collection<AuditEntry>(auditTrailProjection.collection, {
            indexes: auditTrailProjection.indexes ?? [],
          }),
        ),
      followUps: {
        entries: readStore.collection<FollowUpEntryDocument>(followUpEntriesProjection.collection, {
          indexes: followUpEntriesProjection.indexes ?? [],
        }),
        customers: readStore.collection<CustomerFollowUpsDocument>(customerFollowUpsProjection.collection),
      },
      duplicatePairs: async (page) => {
        await loaded(duplicateQueue.caughtUp, "the duplicate review queue is still reading the events");
        await queueHoldsOwnWrites();
        return duplicateQueue.page(page);
      },
      settle,
    },
    ...(history ? { anchoredHistory: history.access } : {}),
    ...(erasure ? { erasure } : {}),
    storedEvents,
    accessRecords: {
      log: accessLog,
      all: () => readStore.collection<AccessRecordDocument>(ACCESS_RECORDS_COLLECTION).all(),
    },
    operations,
    webhooks,
    ...(options.eventStream === undefined ? {} : { eventStream: options.eventStream }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.idempotencyClaimTimeoutMs === undefined
      ? {}
      : { idempotencyClaimTimeoutMs: options.idempotencyClaimTimeoutMs }),
  });
  await serveConsole(app);
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
  // Contract 9.3: candidates come from the read model (caught up first where this process
  // maintains it); each return is decided on the customer's stream.
  const idleReturnRule = startIdleReturnRule({
    runCommand,
    clock,
    findCandidates: countPoolRuleRuns(operations.registry, async (idleDays: number, now: Date) =>
      idleCandidates(
        readStore.collection<PoolWatchDocument>(poolWatchProjection.collection, {
          indexes: poolWatchProjection.indexes ?? [],
        }),
        idleDays,
        now,
      ),
    ),
    ...(options.pool?.idleDays === undefined ? {} : { idleDays: options.pool.idleDays }),
    ...(options.pool?.everyMs === undefined ? {} : { everyMs: options.pool.everyMs }),
    ready: projector?.caughtUp ?? Promise.resolve(),
    onError: logError("idle-return rule"),
  });

  return {
    app,
    eventStore,
    readStore,
    projector,
    historyAnchor: history?.anchor,
    /** The events as the files hold them (personal fields encrypted): what the hash chains cover. */
    storedEvents,
    /** The process's metrics registry and subscriber reporting, for what composition adds. */
    operations,
    idleReturnRule,
    /**
     * Resolves once the in-process subscribers have seen every event that existed at start,
     * merges interrupted before start are completed, and the idle-return rule made its start pass.
     */
    caughtUp: Promise.all([
      duplicateQueue.caughtUp,
      referralReactor.caughtUp,
      projector?.caughtUp,
      history?.anchor.caughtUp,
      webhooks.started,
      idleReturnRule.startPass,
      pendingMerges,
    ]).then(() => undefined),
    close: async () => {
      await pendingMerges;
      await app.close();
      await idleReturnRule.stop();
      await referralReactor.stop();
      await webhooks.stop();
      await kafkaLag?.close();
      await projector?.stop();
      await history?.anchor.stop();
      await accessLog.stop();
      await duplicateQueue.stop();
      options.auditTrail?.close();
      await eventStore.close();
      await readStore.close();
      await options.personalData?.keys.close();
      options.onClosed?.();
    },
  };
};

export type Platform = Awaited<ReturnType<typeof startPlatform>>;
