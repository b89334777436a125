import { join } from "node:path";
import { type ApiKey, buildApi } from "@crm/api";
import { customerCommandRunner, startOrganisationDirectory, startReferralReactor } from "@crm/customers";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import {
  type CustomerSummary,
  customerFactsProjection,
  customerSummaryProjection,
  startProjector,
  viewQueries,
  withCollectionAliases,
} from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import type { FastifyServerOptions } from "fastify";
import { withAppendHead } from "./appendHead.ts";
import { lockDataDir } from "./dataDirLock.ts";

export type EmbeddedPlatformOptions = {
  dataDir: string;
  apiKeys: ApiKey[];
  logger?: FastifyServerOptions["logger"];
  clock?: () => Date;
};

export const READ_MODEL_PROJECTOR = "read-models";
export const READ_MODEL_PROJECTIONS = [customerFactsProjection, customerSummaryProjection];

/** How long a read waits for the read models to catch up with this process's own writes. */
const SETTLE_TIMEOUT_MS = 2_000;

/**
 * The whole platform in one process: the event store and the read side are
 * SQLite files in dataDir; projections and reactors run in-process on the
 * store's subscription, each resuming from its checkpoint after a restart.
 */
export const startEmbeddedPlatform = async (options: EmbeddedPlatformOptions) => {
  const clock = options.clock ?? (() => new Date());
  const { eventStore, head } = withAppendHead(
    openSqliteEventStore({ path: join(options.dataDir, "events.sqlite") }),
  );
  const dataDirLock = lockDataDir(options.dataDir);
  const readStore = await withCollectionAliases(
    openSqliteReadStore({ path: join(options.dataDir, "read-models.sqlite") }),
  );
  const directory = startOrganisationDirectory(eventStore);
  const runCommand = customerCommandRunner({ eventStore, clock });
  const projector = startProjector({
    name: READ_MODEL_PROJECTOR,
    eventStore,
    readStore,
    projections: READ_MODEL_PROJECTIONS,
    onError: (error) => app.log.error({ err: error }, "read-model projector failed; restarting"),
  });

  const settle = async () => {
    const position = head();
    if (position === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      projector.waitFor(position),
      new Promise((resolve) => {
        timer = setTimeout(resolve, SETTLE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  };

  const app = await buildApi({
    eventStore,
    directory,
    apiKeys: options.apiKeys,
    runCommand,
    clock,
    readModels: {
      views: viewQueries({ eventStore, readStore, clock }),
      customerSummaries: () =>
        readStore.collection<CustomerSummary>(customerSummaryProjection.collection).all(),
      settle,
    },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const referralReactor = startReferralReactor({
    eventStore,
    checkpoints: readStore.checkpoints,
    runCommand,
    onError: (error) => app.log.error({ err: error }, "referral reactor failed; restarting"),
  });

  return {
    app,
    eventStore,
    readStore,
    projector,
    /** Resolves once the in-process subscribers have seen every event that existed at start. */
    caughtUp: Promise.all([directory.ready, referralReactor.caughtUp, projector.caughtUp]).then(
      () => undefined,
    ),
    close: async () => {
      await app.close();
      await referralReactor.stop();
      await projector.stop();
      await directory.stop();
      await eventStore.close();
      await readStore.close();
      dataDirLock.release();
    },
  };
};

export type EmbeddedPlatform = Awaited<ReturnType<typeof startEmbeddedPlatform>>;
