import type { CollectionOptions, DocumentCollection, ReadModelDocument } from "@crm/read-store";
import {
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type Filter,
  MongoBulkWriteError,
} from "mongodb";
import { chunks } from "./chunks.ts";
import type { Connected } from "./mongoConnection.ts";
import { guarded } from "./mongoErrors.ts";
import { indexKeys, mongoFind } from "./mongoQuery.ts";
import type { ServerProfile } from "./serverProfile.ts";

// A projector batch (1,000 events) touches at most that many customers; a thousand ids keep
// one `find` far below MongoDB's 16 MB command limit.
const READ_CHUNK = 1_000;
// Where each id is its own query: this many in flight for one getMany.
const READS_IN_FLIGHT = 8;
// New documents go in with insertMany: one command, and on FerretDB one SQLite transaction, for
// the lot, where each replacement is a command and a commit of its own.
const INSERT_CHUNK = 1_000;
const DUPLICATE_KEY = 11_000;

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

/** The documents with these ids, each looked up the way the server finds them quickly. */
const byIds = async <D extends { _id: string | number }>(
  collection: Collection<D>,
  readByIds: ServerProfile["readByIds"],
  ids: readonly D["_id"][],
): Promise<D[]> => {
  const found: D[] = [];
  if (readByIds === "in") {
    for (const chunk of chunks(ids, READ_CHUNK))
      for await (const document of collection.find({ _id: { $in: chunk } } as Filter<D>))
        found.push(document as D);
  } else {
    for (const chunk of chunks(ids, READS_IN_FLIGHT))
      for (const document of await Promise.all(chunk.map((_id) => collection.findOne({ _id } as Filter<D>))))
        if (document) found.push(document as D);
  }
  return found;
};

// Several projector processes write one database. Each write to a collection first claims the
// next number: a small document of its own in the collection's claims (`<collection>__writes`),
// inserted under a unique key (an increment of one shared counter loses updates under concurrent
// writers on FerretDB v1); it stores the ids it is about to write under the same number
// (`<collection>__written`), writes, and marks its claim done. A reader holds every write up to a
// number once no claim at or below it is in flight, and reads by id the documents the done claims
// above it name (changesSince): a write that began first but completes last is read again until
// it is done. By id because FerretDB v1 filters nothing but `_id` in its backend: a query on a
// field of the documents would read the whole collection. The claims stay small (every write
// reads the newest, and FerretDB sorts them all in memory); the ids are read one claim at a time.
type WriteClaim = { _id: number; done: boolean; clear?: boolean; many?: boolean };
type WrittenIds = { _id: number; ids: string[] };
const claimsOf = (db: Db, name: string) => db.collection<WriteClaim>(`${name}__writes`);
const writtenOf = (db: Db, name: string) => db.collection<WrittenIds>(`${name}__written`);
// Done claims this far below the newest are deleted every hundredth write, and their ids: a
// reader that holds less than the newest claim minus this reads all again.
const CLAIMS_KEPT = 200;
// A write of more documents (a rebuild's) names none: a reader behind it reads all again.
const IDS_CLAIMED = 10_000;

const newestClaim = async (db: Db, name: string): Promise<number> =>
  (await claimsOf(db, name).find().sort({ _id: -1 }).limit(1).next())?._id ?? 0;

/**
 * A write numbered before it starts and marked done after, even when it fails (a retry claims
 * anew). A write that turns out to have changed nothing (`changedNothing`) withdraws its claim
 * instead, so the collection's mark stays as it was; its number may be taken again.
 */
const claimed = async <R>(
  db: Db,
  name: string,
  ids: readonly string[] | null,
  write: () => Promise<R>,
  changedNothing: (result: R) => boolean = () => false,
): Promise<R> => {
  const claims = claimsOf(db, name);
  const written = writtenOf(db, name);
  const named = ids !== null && ids.length <= IDS_CLAIMED;
  const kind = ids === null ? { clear: true } : named ? {} : { many: true };
  let number = (await newestClaim(db, name)) + 1;
  for (;;) {
    try {
      await claims.insertOne({ _id: number, done: false, ...kind });
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      number = (await newestClaim(db, name)) + 1;
    }
  }
  let withdrawn = false;
  try {
    if (named) await written.replaceOne({ _id: number }, { ids: [...ids] }, { upsert: true });
    const result = await write();
    withdrawn = changedNothing(result);
    return result;
  } finally {
    if (withdrawn) {
      await written.deleteOne({ _id: number });
      await claims.deleteOne({ _id: number });
    } else await claims.updateOne({ _id: number }, { $set: { done: true } });
    if (number % 100 === 0) {
      await claims.deleteMany({ _id: { $lte: number - CLAIMS_KEPT }, done: true });
      await written.deleteMany({ _id: { $lte: number - CLAIMS_KEPT } });
    }
  }
};

/**
 * Where a reader stands after the claims above what it held: the number it now holds (below the
 * first claim in flight), and the mark (that number and the claims in flight, so it changes
 * whenever a write completes).
 */
const standing = (held: number, newer: readonly WriteClaim[]) => {
  const inFlight = newer
    .filter((claim) => !claim.done)
    .map((claim) => claim._id)
    .sort((a, b) => a - b);
  const newest = newer.reduce((newest, claim) => Math.max(newest, claim._id), held);
  const holds = inFlight.length === 0 ? newest : (inFlight[0] as number) - 1;
  return { holds, mark: [newest, holds, ...inFlight].join(":") };
};
const heldBy = (mark: string): number | undefined => {
  const [, holds] = mark.split(":").map(Number);
  return Number.isInteger(holds) ? holds : undefined;
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
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const failures = error.writeErrors;
      const writeErrors = Array.isArray(failures) ? failures : [failures];
      if (writeErrors.length === 0 || writeErrors.some((failure) => failure.code !== DUPLICATE_KEY))
        throw error;
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
      using("writing", async (collection, { writeBatchSize }, db) => {
        const latest = lastOfEach(documents);
        if (latest.length === 0) return;
        await claimed(
          db,
          name,
          latest.map(({ _id }) => _id),
          () => write(collection, writeBatchSize, latest),
        );
      }),

    // One insertMany for the lot (on FerretDB one commit), where an upsert is a command each.
    insertNew: (documents) =>
      using("inserting into", async (collection, _profile, db) => {
        const latest = lastOfEach(documents);
        if (latest.length === 0) return new Set<string>();
        return claimed(
          db,
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

    // The newest claim first: a claim in flight below it is then seen, one made after is above it.
    changeMark: () =>
      using("reading the change mark of", async (_collection, _profile, db) => {
        const newest = await newestClaim(db, name);
        const inFlight = await claimsOf(db, name).find({ done: false }).toArray();
        return standing(
          newest,
          inFlight.filter((claim) => claim._id <= newest),
        ).mark;
      }),

    changesSince: (mark) =>
      using("reading the changes of", async (collection, { readByIds }, db) => {
        const held = heldBy(mark);
        if (held === undefined) return undefined;
        const newer = await claimsOf(db, name)
          .find({ _id: { $gt: held } })
          .toArray();
        // A clear or a write too large to name its ids, or claims deleted that the reader never
        // saw done: read all again.
        const lowest = newer.reduce((lowest, claim) => Math.min(lowest, claim._id), Number.POSITIVE_INFINITY);
        if (newer.some((claim) => claim.clear || claim.many) || (newer.length > 0 && lowest > held + 1))
          return undefined;
        const now = standing(held, newer);
        if (now.mark === mark) return { mark, documents: [] };
        // The ids of the done claims (those in flight are read once done: the point stays below them).
        const done = newer.filter((claim) => claim.done).map((claim) => claim._id);
        const written = await byIds(writtenOf(db, name), readByIds, done);
        if (written.length < done.length) return undefined;
        const ids = new Set(written.flatMap((claim) => claim.ids));
        // More than a large write's worth (a claim left in flight keeps the point low, and what is
        // written after it piles up): reading all costs less than reading each.
        if (ids.size > IDS_CLAIMED) return undefined;
        return { mark: now.mark, documents: (await byIds(collection, readByIds, [...ids])) as T[] };
      }),

    // deleteMany rather than drop: indexes someone adds later survive a rebuild.
    clear: () =>
      using("clearing", async (collection, _profile, db) => {
        await claimed(db, name, null, async () => {
          await collection.deleteMany({});
        });
      }),
  };
};
