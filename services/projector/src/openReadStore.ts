import { join } from "node:path";
import type { ReadStore } from "@crm/read-store";
import { openSqliteReadStore } from "@crm/read-store-sqlite";

// Held in a string, so the MongoDB driver is loaded only when MONGO_URL asks for it.
const MONGO_READ_STORE: string = "@crm/read-store-mongodb";

type MongoReadStoreAdapter = {
  openMongoReadStore(options: { url: string; database: string }): Promise<ReadStore>;
};

/** The distributed read store when MONGO_URL is set, else the embedded one in the data folder. */
export const openReadStore = async (config: {
  mongoUrl: string | undefined;
  mongoDatabase: string;
  dataDir: string;
}): Promise<ReadStore> => {
  if (config.mongoUrl === undefined)
    return openSqliteReadStore({ path: join(config.dataDir, "read-models.sqlite") });
  const adapter = (await import(MONGO_READ_STORE)) as Partial<MongoReadStoreAdapter>;
  if (typeof adapter.openMongoReadStore !== "function")
    throw new Error(
      `MONGO_URL is set, but ${MONGO_READ_STORE} exports no openMongoReadStore({url, database})`,
    );
  return adapter.openMongoReadStore({ url: config.mongoUrl, database: config.mongoDatabase });
};
