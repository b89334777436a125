import type { DocumentCollection, ReadModelDocument } from "./readStore.ts";

/** A batch of events as one collection's owner (a projection) folds it into its documents. */
export type BatchFold<T extends ReadModelDocument> = {
  /** The ids of the documents the batch touches. */
  ids: readonly string[];
  /**
   * Those it makes from nothing: none of them can be stored unless the batch is delivered again.
   * Asked only where the store inserts without reading (insertNew).
   */
  madeFromNothing: () => ReadonlySet<string>;
  /** A document, once made, never changes: one stored already is the very one the batch makes. */
  immutable: boolean;
  /**
   * Folds the batch's events into the documents (by id; absent: none yet), updating the map, and
   * answers the documents that changed. `only`: just the events of these documents.
   */
  fold: (documents: Map<string, T>, only?: ReadonlySet<string>) => Map<string, T>;
};

/** A batch folded into the documents it touches, in memory: what is left is writing them. */
export type FoldedBatch = {
  /**
   * Writes back what changed, starting its writes at once (see foldBatchesInto); only documents
   * a redelivered batch finds stored already are read and written after.
   */
  write: () => Promise<void>;
};

/**
 * Reads the documents a batch touches and folds its events in; writes nothing yet. Where the
 * store can insert without reading (insertNew), the documents the batch makes from nothing are
 * not read but inserted; a redelivered batch finds them stored, and those are read and folded
 * again, so the documents end as reading first leaves them, which is what a store without
 * insertNew does.
 */
export const foldedBatch = async <T extends ReadModelDocument>(
  collection: DocumentCollection<T>,
  batch: BatchFold<T>,
): Promise<FoldedBatch> => {
  const insertNew = collection.insertNew?.bind(collection);
  const made = insertNew ? batch.madeFromNothing() : new Set<string>();
  const documents = batch.immutable
    ? new Map<string, T>()
    : await collection.getMany(batch.ids.filter((id) => !made.has(id)));
  const changed = [...batch.fold(documents).values()];
  return {
    write: async () => {
      if (!insertNew || made.size === 0) {
        await collection.putMany(changed);
        return;
      }
      // Side by side (their ids are apart), so that they share the store's claim (MongoDB).
      const [, stored] = await Promise.all([
        collection.putMany(changed.filter(({ _id }) => !made.has(_id))),
        insertNew(changed.filter(({ _id }) => made.has(_id))),
      ]);
      // An immutable document stored already is this very document.
      if (stored.size > 0 && !batch.immutable)
        await collection.putMany([...batch.fold(await collection.getMany([...stored]), stored).values()]);
    },
  };
};

/** Folds a batch into a collection: reads the documents it touches, folds its events in, writes back what changed. */
export const foldBatchInto = async <T extends ReadModelDocument>(
  collection: DocumentCollection<T>,
  batch: BatchFold<T>,
): Promise<void> => (await foldedBatch(collection, batch)).write();

/**
 * Folds a batch into several collections: every collection's reads first, then all their writes
 * started in one go. A store that shares one write claim among the writes started together
 * (MongoDB: one turn of the event loop) then takes one claim for the batch, where writing each
 * collection once its own reads are over takes one per read that answers in a turn of its own.
 * A read that fails writes nothing.
 */
export const foldBatchesInto = async (folding: readonly Promise<FoldedBatch>[]): Promise<void> => {
  const folded = await Promise.all(folding);
  await Promise.all(folded.map(({ write }) => write()));
};
