import { join } from "node:path";
import { type AliasedReadStore, withCollectionAliases } from "@crm/read-models";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openSqliteReadStore } from "@crm/read-store-sqlite";

/**
 * The distributed read store when MONGO_URL is set, else the embedded one in the data
 * folder; behind the collection aliases, so a blue/green rebuild's switch is followed.
 */
export const openReadStore = async (config: {
  mongoUrl: string | undefined;
  mongoDatabase: string;
  dataDir: string;
}): Promise<AliasedReadStore> =>
  withCollectionAliases(
    config.mongoUrl === undefined
      ? openSqliteReadStore({ path: join(config.dataDir, "read-models.sqlite") })
      : await openMongoReadStore({ url: config.mongoUrl, database: config.mongoDatabase }),
  );
