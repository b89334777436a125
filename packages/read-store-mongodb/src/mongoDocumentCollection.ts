import type { CollectionOptions, DocumentCollection, ReadModelDocument } from "@crm/read-store";
import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import { byIds } from "./byIds.ts";
import { chunks } from "./chunks.ts";
import { changeMark, changesSince } from "./claimedChanges.ts";
import type { Connected } from "./mongoConnection.ts";
import { duplicateKeyFailures, guarded } from "./mongoErrors.ts";
import { indexKeys, mongoFind } from "./mongoQuery.ts";
import type { ServerProfile } from "./serverProfile.ts";
import type { SharedClaims } from "./sharedClaims.ts";

// New documents go in with insertMany: one command, and on FerretDB one SQLite transaction, for
// the lot, where each replacement is a command and a commit of its own.
const INSERT_CHUNK = 1_000;

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

/**
 * Inserts documents that were absent when read, in chunks, unordered; resolves with the ids
 * that were taken meanwhile (duplicate key), for the caller to replace instead.
 */
const insertMissing = async (collection: Documents, documents: ReadModelDocument[]): Promise<Set<string>> => {
  const taken = new Set<string>();
  for (const chunk of chunks(documents, INSERT_CHUNK)) {
    try {
      await collection.insertMany(chunk, { ordered: false });
    } catch (error) {
      const writeErrors = duplicateKeyFailures(error);
      if (!writeErrors) throw error;
      for (const failure of writeErrors) {
        const document = chunk[failure.index];
        if (document) taken.add(document._id);
      }
    }
  }
  return taken;
};

/** Unordered writes may be applied in any order: only the last version of each id is kept. */
const lastOfEach = (documents: readonly ReadModelDocument[]): ReadModelDocument[] => [
  ...new Map(documents.map((document) => [document._id, document])).values(),
];

/** Read-model documents stored as they are: `_id` is the customer id, nothing is added. */
export const mongoDocumentCollection = <T extends ReadModelDocument>(
  name: string,
  connected: () => Promise<Connected>,
  options: CollectionOptions,
  createIndexes: IndexCreation,
  claims: SharedClaims,
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

  // The ids this handle's last getMany found absent (a projector batch reads, folds, then
  // writes): putMany inserts those instead of upserting them. Only the last read's are kept,
  // so a handle that only reads holds no more than one answer's ids.
  const readAsMissing = new Set<string>();

  const write = async (collection: Documents, writeBatchSize: number, latest: ReadModelDocument[]) => {
    const fresh = latest.filter((document) => readAsMissing.has(document._id));
    const freshIds = new Set(fresh.map((document) => document._id));
    readAsMissing.clear();
    // A document someone else inserted since it was read (the member that had the partition
    // before a rebalance) is replaced like any other.
    const taken = await insertMissing(collection, fresh);
    const toReplace = latest.filter(({ _id }) => !freshIds.has(_id) || taken.has(_id));
    for (const chunk of chunks(toReplace, writeBatchSize)) {
      const replacements: AnyBulkWriteOperation<ReadModelDocument>[] = chunk.map((document) => ({
        replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true },
      }));
      // Each document is a whole, independent upsert: one failing must not hold back the others.
      await collection.bulkWrite(replacements, { ordered: false });
    }
  };

  return {
    getMany: (ids) =>
      using("reading", async (collection, { readByIds }) => {
        const unique = [...new Set(ids)];
        readAsMissing.clear();
        const found = new Map<string, T>();
        for (const document of await byIds(collection, readByIds, unique))
          found.set(document._id, document as T);
        for (const id of unique) if (!found.has(id)) readAsMissing.add(id);
        return found;
      }),

    putMany: (documents) =>
      using("writing", async (collection, { writeBatchSize }) => {
        const latest = lastOfEach(documents);
        if (latest.length === 0) return;
        await claims.claimed(
          name,
          latest.map(({ _id }) => _id),
          () => write(collection, writeBatchSize, latest),
        );
      }),

    // One insertMany for the lot (on FerretDB one commit), where an upsert is a command each.
    insertNew: (documents) =>
      using("inserting into", async (collection) => {
        const latest = lastOfEach(documents);
        if (latest.length === 0) return new Set<string>();
        return claims.claimed(
          name,
          latest.map(({ _id }) => _id),
          () => insertMissing(collection, latest),
          (taken) => taken.size === latest.length,
        );
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
      using("reading the change mark of", (_collection, _profile, db) => changeMark(db, name)),

    changesSince: (mark) =>
      using("reading the changes of", async (collection, profile, db) => {
        const changes = await changesSince(db, profile, name, mark);
        if (!changes) return undefined;
        if (changes.ids.length === 0) return { mark: changes.mark, documents: [] };
        return {
          mark: changes.mark,
          documents: (await byIds(collection, profile.readByIds, changes.ids)) as T[],
        };
      }),

    // deleteMany rather than drop: indexes someone adds later survive a rebuild.
    clear: () =>
      using("clearing", async (collection) => {
        await claims.claimed(name, null, async () => {
          await collection.deleteMany({});
        });
      }),
  };
};
