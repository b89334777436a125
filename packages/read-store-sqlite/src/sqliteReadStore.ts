import { checkpointInBackground } from "@crm/event-store-sqlite";
import type { CollectionOptions, DocumentCollection, ReadModelDocument, ReadStore } from "@crm/read-store";
import { ensureKeySlots } from "./documentKeySlots.ts";
import { openReadStoreDatabase } from "./openReadStoreDatabase.ts";
import { sqliteCheckpointStore } from "./sqliteCheckpointStore.ts";
import { sqliteDocumentCollection } from "./sqliteDocumentCollection.ts";

/** The embedded read store: read models and checkpoints in one SQLite file that survives restarts. */
export const openSqliteReadStore = ({ path }: { path: string }): ReadStore => {
  const db = openReadStoreDatabase(path);
  // Its log's checkpoints (with their fsync) off the event loop the projector shares with requests.
  const backgroundCheckpoints = checkpointInBackground(db, path);
  // A rowid table, not WITHOUT ROWID: documents run from a few hundred bytes to kilobytes, and
  // SQLite keeps rows that large poorly inside a clustered index (an upsert under a random key
  // cost 3-4x more there: docs/benchmarks.md). Files made before keep their table and still work.
  db.exec(`CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (collection, id)
  ) STRICT`);
  ensureKeySlots(db);
  const checkpoints = sqliteCheckpointStore(db);
  const collections = new Map<string, ReturnType<typeof sqliteDocumentCollection<ReadModelDocument>>>();
  return {
    collection: <T extends ReadModelDocument>(name: string, options: CollectionOptions = {}) => {
      let collection = collections.get(name);
      if (!collection) {
        collection = sqliteDocumentCollection<ReadModelDocument>(db, name);
        collections.set(name, collection);
      }
      // CREATE INDEX IF NOT EXISTS: cheap when the index is there, so each declaration is honoured.
      if (options.indexes) collection.declareIndexes(options.indexes);
      if (options.substringIndexes) collection.declareSubstringIndexes(options.substringIndexes);
      return collection as unknown as DocumentCollection<T>;
    },
    checkpoints,
    resetCheckpoint: async (subscriber) => checkpoints.reset(subscriber),
    close: async () => {
      await backgroundCheckpoints.stop();
      if (db.isOpen) db.close();
    },
  };
};
