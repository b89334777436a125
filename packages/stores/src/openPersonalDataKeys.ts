import {
  loadOrCreateMasterKey,
  mongoKeyStore,
  openSqliteKeyStore,
  type PersonalDataKeyStore,
} from "@crm/trust";
import { MongoClient } from "mongodb";
import type { StoreConfig } from "./storeConfig.ts";
import { KEY_FILES, keyFile } from "./storeFiles.ts";

export type PersonalDataKeys = { keys: PersonalDataKeyStore; masterKey: Buffer; described: string };

/**
 * Contract 10.1: the key store beside the read store's choice, a MongoDB collection when
 * MONGO_URL is set (every service of the distributed setup reaches it), else the data
 * folder's SQLite file. The master key comes from CRM_MASTER_KEY, else the data folder's
 * file: services on several machines must all be given the same CRM_MASTER_KEY.
 */
export const openPersonalDataKeys = (config: StoreConfig): PersonalDataKeys => {
  const masterKey = loadOrCreateMasterKey(config.masterKey, keyFile(config.dataDir, KEY_FILES.masterKey));
  if (config.mongoUrl !== undefined) {
    // The driver connects on first use and reconnects by itself, so a start while MongoDB is down does not fail.
    const client = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: 5_000 });
    const keys = mongoKeyStore(client.db(config.mongoDatabase ?? "crm"), () => client.close());
    return { keys, masterKey, described: "MongoDB" };
  }
  const keys = openSqliteKeyStore({ path: keyFile(config.dataDir, KEY_FILES.personalDataKeys) });
  return { keys, masterKey, described: `SQLite in ${config.dataDir}` };
};
