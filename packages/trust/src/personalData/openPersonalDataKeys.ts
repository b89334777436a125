import { join } from "node:path";
import { MongoClient } from "mongodb";
import type { PersonalDataKeyStore } from "./keyStore.ts";
import { loadOrCreateMasterKey, MASTER_KEY_FILE } from "./masterKey.ts";
import { mongoKeyStore } from "./mongoKeyStore.ts";
import { KEY_STORE_FILE, openSqliteKeyStore } from "./sqliteKeyStore.ts";

/**
 * The key store beside the read store's choice: a MongoDB collection when MONGO_URL is set
 * (every service of the distributed setup reaches it), else the data folder's SQLite file.
 * The master key comes from CRM_MASTER_KEY, else the data folder's file: services on several
 * machines must all be given the same CRM_MASTER_KEY.
 */
export const openPersonalDataKeys = (env: NodeJS.ProcessEnv, dataDir: string) => {
  const masterKey = loadOrCreateMasterKey(env.CRM_MASTER_KEY, join(dataDir, MASTER_KEY_FILE));
  let keys: PersonalDataKeyStore;
  if (env.MONGO_URL) {
    // The driver connects on first use and reconnects by itself, so a start while MongoDB is down does not fail.
    const client = new MongoClient(env.MONGO_URL, { serverSelectionTimeoutMS: 5_000 });
    keys = mongoKeyStore(client.db(env.MONGO_DATABASE ?? "crm"), () => client.close());
  } else keys = openSqliteKeyStore({ path: join(dataDir, KEY_STORE_FILE) });
  return { keys, masterKey, described: env.MONGO_URL ? "MongoDB" : `SQLite in ${dataDir}` };
};
