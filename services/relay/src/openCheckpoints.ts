import { join } from "node:path";
import type { CheckpointStore } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import { openReadStoreDatabase, sqliteCheckpointStore } from "@crm/read-store-sqlite";

// Held in a string: the MongoDB read store is another team's package, loaded only when
// MONGO_URL asks for it.
const MONGO_READ_STORE: string = "@crm/read-store-mongodb";

type MongoReadStoreAdapter = {
  openMongoReadStore(options: { url: string; database: string }): Promise<ReadStore>;
};

/**
 * Where the relay keeps its checkpoint: in the distributed setup beside the read models in
 * MongoDB, else in a SQLite file of its own (not the read models' file: the relay and the
 * projector are separate processes and need not share one).
 */
export const openCheckpoints = async (config: {
  mongoUrl: string | undefined;
  mongoDatabase: string;
  dataDir: string;
}): Promise<{ checkpoints: CheckpointStore; close(): Promise<void> }> => {
  if (config.mongoUrl !== undefined) {
    const adapter = (await import(MONGO_READ_STORE)) as Partial<MongoReadStoreAdapter>;
    if (typeof adapter.openMongoReadStore !== "function")
      throw new Error(
        `MONGO_URL is set, but ${MONGO_READ_STORE} exports no openMongoReadStore({url, database})`,
      );
    const readStore = await adapter.openMongoReadStore({
      url: config.mongoUrl,
      database: config.mongoDatabase,
    });
    return { checkpoints: readStore.checkpoints, close: () => readStore.close() };
  }
  const db = openReadStoreDatabase(join(config.dataDir, "relay.sqlite"));
  return {
    checkpoints: sqliteCheckpointStore(db),
    close: async () => {
      if (db.isOpen) db.close();
    },
  };
};
