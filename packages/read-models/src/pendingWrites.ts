import type { DocumentCollection, ReadModelDocument, ReadStore } from "@crm/read-store";

// The projector's writes while it catches up. A customer's documents change in batch after
// batch of a long history; written per batch, each is upserted again and again, at random
// places in the store's B-trees (and in every index over them). Kept here instead, they are
// written once per settle, each collection in key order, by the same putMany. Reads of the
// documents a batch touches see the pending ones first, so the fold goes on from them.

type Pending = {
  collection: DocumentCollection<ReadModelDocument>;
  documents: Map<string, ReadModelDocument>;
};

const byId = (a: ReadModelDocument, b: ReadModelDocument) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

export type PendingWrites = {
  /** The read store to project into: its putMany keeps the documents in memory. */
  readStore: ReadStore;
  /** Writes every pending document to the underlying store, then forgets them. */
  settle(): Promise<void>;
};

export const pendingWrites = (readStore: ReadStore): PendingWrites => {
  const pending = new Map<string, Pending>();
  const holding = <T extends ReadModelDocument>(
    name: string,
    stored: DocumentCollection<T>,
  ): DocumentCollection<T> => {
    let held = pending.get(name);
    if (held) held.collection = stored as unknown as DocumentCollection<ReadModelDocument>;
    else {
      held = { collection: stored as unknown as DocumentCollection<ReadModelDocument>, documents: new Map() };
      pending.set(name, held);
    }
    const documents = held.documents as Map<string, T>;
    return {
      getMany: async (ids) => {
        const found = await stored.getMany(ids.filter((id) => !documents.has(id)));
        for (const id of ids) {
          const document = documents.get(id);
          if (document) found.set(id, document);
        }
        return found;
      },
      putMany: async (written) => {
        for (const document of written) documents.set(document._id, document);
      },
      // Queries, counts and clears are the store's: nothing reads a projection mid-catch-up.
      find: (query) => stored.find(query),
      all: () => stored.all(),
      count: () => stored.count(),
      // A pending document is not written yet: the mark moves when settle writes it.
      changeMark: () => stored.changeMark(),
      changesSince: (mark) => stored.changesSince(mark),
      clear: async () => {
        documents.clear();
        await stored.clear();
      },
    };
  };
  return {
    readStore: {
      collection: (name, options) => holding(name, readStore.collection(name, options)),
      checkpoints: readStore.checkpoints,
      resetCheckpoint: (subscriber) => readStore.resetCheckpoint(subscriber),
      close: () => readStore.close(),
    },
    settle: async () => {
      // Every collection's write started in the same turn: on MongoDB they share one write claim
      // (one set of small commits for the settle, not one per read model); SQLite writes each at once.
      const written = await Promise.allSettled(
        [...pending.values()]
          .filter(({ documents }) => documents.size > 0)
          .map(async ({ collection, documents }) => {
            const settling = [...documents.values()].sort(byId);
            await collection.putMany(settling);
            // Cleared only once written (a failed write is tried again at the next settle), and
            // only what was written: a document folded again meanwhile stays pending.
            for (const document of settling)
              if (documents.get(document._id) === document) documents.delete(document._id);
          }),
      );
      const failed = written.find((outcome) => outcome.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
};
