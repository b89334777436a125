import type { CollectionOptions, DocumentCollection, ReadModelDocument, ReadStore } from "@crm/read-store";

// Blue/green rebuilds: a read model's logical collection name points at a
// physical collection. A rebuild fills a new physical collection beside the one
// in use and then switches the pointer, so reads never see a half-built view.

const ALIASES = "read_model_aliases";

type AliasDocument = ReadModelDocument & { physical: string };

export type AliasedReadStore = ReadStore & {
  /** The physical collection a logical name reads and writes now. */
  physicalName(logical: string): Promise<string>;
  /** Points logical names at new physical collections, all at once, durably. */
  switchTo(physicalByLogical: ReadonlyMap<string, string>): Promise<void>;
  /** The store without aliasing, to fill and drop physical collections. */
  physical: ReadStore;
};

/**
 * The aliases are read on first use, not on opening: a service started while its
 * read store is down must come up and answer 503 / retry its batches, not crash.
 * A failed read is tried again at the next use.
 */
export const withCollectionAliases = async (store: ReadStore): Promise<AliasedReadStore> => {
  const aliasCollection = store.collection<AliasDocument>(ALIASES);
  let aliases: Promise<Map<string, string>> | undefined;
  const loaded = () => {
    aliases ??= aliasCollection.all().then(
      (documents) => new Map(documents.map((alias) => [alias._id, alias.physical])),
      (error: unknown) => {
        aliases = undefined;
        throw error;
      },
    );
    return aliases;
  };
  const physicalName = async (logical: string) => (await loaded()).get(logical) ?? logical;

  const collection = <T extends ReadModelDocument>(
    logical: string,
    options?: CollectionOptions,
  ): DocumentCollection<T> => {
    // One handle per physical collection, kept while the alias names it: a store's handle may
    // carry what its last read found (MongoDB's putMany inserts the documents getMany found
    // absent), so a projector's read and write of one batch must reach the same handle. The
    // indexes declared for a logical name go with it to whichever physical collection it names.
    let handle = { physical: logical, collection: store.collection<T>(logical, options) };
    /** The handle of the physical collection the alias names now. */
    const current = async () => {
      const physical = await physicalName(logical);
      if (physical !== handle.physical)
        handle = { physical, collection: store.collection<T>(physical, options) };
      return handle;
    };
    const resolved = async () => (await current()).collection;
    const aliased: DocumentCollection<T> = {
      getMany: async (ids) => (await resolved()).getMany(ids),
      putMany: async (documents) => (await resolved()).putMany(documents),
      find: async (query) => (await resolved()).find(query),
      all: async () => (await resolved()).all(),
      count: async () => (await resolved()).count(),
      // A switch to another physical collection is a change too.
      changeMark: async () => {
        const { physical, collection } = await current();
        return `${physical}@${await collection.changeMark()}`;
      },
      clear: async () => (await resolved()).clear(),
    };
    // Offered when the store offers it (every physical collection of a store alike).
    if (handle.collection.insertNew)
      aliased.insertNew = async (documents) => {
        const physical = await resolved();
        if (!physical.insertNew) throw new Error(`the physical collection of ${logical} cannot insertNew`);
        return physical.insertNew(documents);
      };
    return aliased;
  };

  return {
    collection,
    checkpoints: store.checkpoints,
    resetCheckpoint: (subscriber) => store.resetCheckpoint(subscriber),
    close: () => store.close(),
    physicalName,
    switchTo: async (physicalByLogical) => {
      const current = await loaded();
      await aliasCollection.putMany(
        [...physicalByLogical].map(([logical, physical]) => ({ _id: logical, physical })),
      );
      for (const [logical, physical] of physicalByLogical) current.set(logical, physical);
    },
    physical: store,
  };
};
