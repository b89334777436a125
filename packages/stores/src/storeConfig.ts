import { resolve } from "node:path";
import { presentSetting } from "@crm/operations";

/** Where each store is: a server when its URL is given, else its embedded SQLite file in `dataDir`. */
export type StoreConfig = {
  /** CRM_DATA_DIR (default .data): the embedded stores' folder. */
  dataDir: string;
  /** EVENTSTORE_URL: EventStoreDB/KurrentDB instead of events.sqlite. */
  eventStoreUrl?: string | undefined;
  /** MONGO_URL and MONGO_DATABASE (default crm): MongoDB instead of read-models.sqlite. */
  mongoUrl?: string | undefined;
  mongoDatabase?: string | undefined;
  /**
   * CRM_MASTER_KEY (32 bytes in base64): wraps the personal-data keys (contract 10.1). Without
   * it, the data folder's master key file; every service of one CRM must be given the same.
   */
  masterKey?: string | undefined;
};

/** The stores every process reads from the same environment variables. */
export const storeConfigFromEnvironment = (env: NodeJS.ProcessEnv, dataDir?: string): StoreConfig => ({
  dataDir: resolve(dataDir ?? presentSetting(env.CRM_DATA_DIR) ?? ".data"),
  eventStoreUrl: presentSetting(env.EVENTSTORE_URL),
  mongoUrl: presentSetting(env.MONGO_URL),
  mongoDatabase: presentSetting(env.MONGO_DATABASE) ?? "crm",
  masterKey: presentSetting(env.CRM_MASTER_KEY),
});
