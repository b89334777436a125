import type { CollectionOptions, DocumentCollection, ReadModelDocument } from "@crm/read-store";
import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import { chunks } from "./chunks.ts";
import type { Connected } from "./mongoConnection.ts";
import { guarded } from "./mongoErrors.ts";
import { indexKeys, mongoFind } from "./mongoQuery.ts";
import type { ServerProfile } from "./serverProfile.ts";

// A projector batch (1,000 events) touches at most that many customers; a thousand ids keep
// one `find` far below MongoDB's 16 MB command limit.
const READ_CHUNK = 1_000;

type Documents = Collection<ReadModelDocument>;

/** Creates a collection's declared indexes once per store, and again after a failed try. */
export type IndexCreation = (
  name: string,
  options: CollectionOptions,
  collection: Documents,
) => Promise<void>;

export const indexCreation = (): IndexCreation => {
  const created = new Map<string, Promise<void>>();
  return (name, { indexes = [] }, collection) => {
    if (indexes.length === 0) return Promise.resolve();
    const key = JSON.stringify([name, indexes]);
    let creating = created.get(key);
    if (!creating) {
      // Creating an index that exists is a no-op (it also creates the collection). One index per
      // command: FerretDB v1 drops the connection when one command names two that exist already.
      creating = (async () => {
        for (const index of indexes) await collection.createIndex(indexKeys(index));
      })();
      creating.catch(() => created.delete(key));
      created.set(key, creating);
    }
    return creating;
  };
};

// Several projector processes write one database: a collection's writes are counted in a document
// of its own, incremented after each write, so any reader sees that something changed (changeMark).
const CHANGES = "read_model_changes";
type ChangeCount = { _id: string; writes: number };
const changes = (db: Db) => db.collection<ChangeCount>(CHANGES);
const counted = async (db: Db, name: string): Promise<void> => {
  await changes(db).updateOne({ _id: name }, { $inc: { writes: 1 } }, { upsert: true });
};

/** Read-model documents stored as they are: `_id` is the customer id, nothing is added. */
export const mongoDocumentCollection = <T extends ReadModelDocument>(
  name: string,
  connected: () => Promise<Connected>,
  options: CollectionOptions = {},
  createIndexes: IndexCreation = indexCreation(),
): DocumentCollection<T> => {
  const using = <R>(
    doing: string,
    work: (collection: Documents, profile: ServerProfile, db: Db) => Promise<R>,
  ): Promise<R> =>
    guarded(`${doing} ${name}`, async () => {
      const { db, profile } = await connected();
      const collection = db.collection<ReadModelDocument>(name);
      await createIndexes(name, options, collection);
      return work(collection, profile, db);
    });

  return {
    getMany: (ids) =>
      using("reading", async (collection) => {
        const found = new Map<string, T>();
        for (const chunk of chunks([...new Set(ids)], READ_CHUNK))
          for await (const document of collection.find({ _id: { $in: chunk } }))
            found.set(document._id, document as T);
        return found;
      }),

    putMany: (documents) =>
      using("writing", async (collection, { writeBatchSize }, db) => {
        // Unordered writes may be applied in any order: keep only the last version of each id.
        const latest = new Map(documents.map((document) => [document._id, document]));
        for (const chunk of chunks([...latest.values()], writeBatchSize)) {
          const replacements: AnyBulkWriteOperation<ReadModelDocument>[] = chunk.map((document) => ({
            replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true },
          }));
          // Each document is a whole, independent upsert: one failing must not hold back the others.
          await collection.bulkWrite(replacements, { ordered: false });
        }
        if (latest.size > 0) await counted(db, name);
      }),

    find: (query) =>
      using("querying", async (collection) => {
        const { filter, sort, limit } = mongoFind(query);
        return (await collection.find(filter).sort(sort).limit(limit).toArray()) as T[];
      }),

    // Streamed from a cursor in batches and handed over; nothing is kept after the call.
    all: () => using("reading all of", async (collection) => (await collection.find({}).toArray()) as T[]),

    count: () => using("counting", (collection) => collection.countDocuments({})),

    changeMark: () =>
      using("reading the change mark of", async (_collection, _profile, db) => {
        const mark = await changes(db).findOne({ _id: name });
        return String(mark?.writes ?? 0);
      }),

    // deleteMany rather than drop: indexes someone adds later survive a rebuild.
    clear: () =>
      using("clearing", async (collection, _profile, db) => {
        await collection.deleteMany({});
        await counted(db, name);
      }),
  };
};
