import { randomUUID } from "node:crypto";
import type { ReadStore } from "@crm/read-store";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { mongoBehindAProxy } from "@crm/read-store-mongodb/testing";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { MongoClient } from "mongodb";

/** Where a test's projector keeps the read models: what its process needs in env, and how the test opens the same store. */
export type TestReadStore = {
  kind: "mongodb" | "sqlite";
  env: Record<string, string>;
  open(): Promise<ReadStore>;
  dispose(): Promise<void>;
};

/** A database of the test's own on a shared server, dropped afterwards. */
export const mongoTestReadStore = (url: string): TestReadStore => {
  const database = `crm_test_${randomUUID().replaceAll("-", "")}`;
  return {
    kind: "mongodb",
    env: { MONGO_URL: url, MONGO_DATABASE: database },
    open: () => openMongoReadStore({ url, database }),
    dispose: async () => {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
};

/**
 * A database of the test's own reached through a TCP proxy the test cuts and restores: the read
 * store going away under the projector, while the server (which others share) stays up.
 */
export const mongoTestReadStoreBehindAProxy = async (
  url: string,
): Promise<TestReadStore & { cut(): Promise<void>; restore(): Promise<void> }> => {
  const proxy = await mongoBehindAProxy(url);
  const readModels = mongoTestReadStore(proxy.url);
  return {
    ...readModels,
    cut: () => proxy.cut(),
    restore: () => proxy.restore(),
    dispose: async () => {
      await proxy.restore();
      await readModels.dispose();
      await proxy.close();
    },
  };
};

/** The SQLite file the projector's main uses in its data folder (the folder's owner removes it). */
export const sqliteTestReadStore = (dataDir: string): TestReadStore => ({
  kind: "sqlite",
  // Empty, so a MONGO_URL in the shell running the tests does not redirect the projector.
  env: { MONGO_URL: "" },
  open: async () => openSqliteReadStore({ path: storeFile(dataDir, STORE_FILES.readModels) }),
  dispose: async () => undefined,
});
