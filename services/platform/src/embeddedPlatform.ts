import { join } from "node:path";
import { type ApiKey, buildApi } from "@crm/api";
import { customerCommandRunner, startOrganisationDirectory, startReferralReactor } from "@crm/customers";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { openReadStoreDatabase, sqliteCheckpointStore } from "@crm/read-store-sqlite";
import type { FastifyServerOptions } from "fastify";

export type EmbeddedPlatformOptions = {
  dataDir: string;
  apiKeys: ApiKey[];
  logger?: FastifyServerOptions["logger"];
  clock?: () => Date;
};

/**
 * The whole platform in one process: the event store and the read side are
 * SQLite files in dataDir; reactors run in-process on the store's subscription.
 */
export const startEmbeddedPlatform = async (options: EmbeddedPlatformOptions) => {
  const clock = options.clock ?? (() => new Date());
  const eventStore = openSqliteEventStore({ path: join(options.dataDir, "events.sqlite") });
  const readDb = openReadStoreDatabase(join(options.dataDir, "read-models.sqlite"));
  const checkpoints = sqliteCheckpointStore(readDb);
  const directory = startOrganisationDirectory(eventStore);
  const runCommand = customerCommandRunner({ eventStore, clock });

  const app = await buildApi({
    eventStore,
    directory,
    apiKeys: options.apiKeys,
    runCommand,
    clock,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const referralReactor = startReferralReactor({
    eventStore,
    checkpoints,
    runCommand,
    onError: (error) => app.log.error({ err: error }, "referral reactor failed; restarting"),
  });

  return {
    app,
    eventStore,
    /** Resolves once the in-process subscribers have seen every event that existed at start. */
    caughtUp: Promise.all([directory.ready, referralReactor.caughtUp]).then(() => undefined),
    close: async () => {
      await app.close();
      await referralReactor.stop();
      await directory.stop();
      await eventStore.close();
      readDb.close();
    },
  };
};

export type EmbeddedPlatform = Awaited<ReturnType<typeof startEmbeddedPlatform>>;
