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
  // The indexes declared for a logical name go with it to whichever physical collection it names.
  const resolved = async <T extends ReadModelDocument>(logical: string, options?: CollectionOptions) =>
    store.collection<T>(await physicalName(logical), options);

  const collection = <T extends ReadModelDocument>(
    logical: string,
    options?: CollectionOptions,
  ): DocumentCollection<T> => ({
    getMany: async (ids) => (await resolved<T>(logical, options)).getMany(ids),
    putMany: async (documents) => (await resolved<T>(logical, options)).putMany(documents),
    find: async (query) => (await resolved<T>(logical, options)).find(query),
    all: async () => (await resolved<T>(logical, options)).all(),
    count: async () => (await resolved<T>(logical, options)).count(),
    // A switch to another physical collection is a change too.
    changeMark: async () => {
      const physical = await physicalName(logical);
      return `${physical}@${await store.collection<T>(physical, options).changeMark()}`;
    },
    // A mark of another physical collection tells nothing about this one: read all again.
    changesSince: async (mark) => {
      const physical = await physicalName(logical);
      const prefix = `${physical}@`;
      if (!mark.startsWith(prefix)) return undefined;
      const changes = await store.collection<T>(physical, options).changesSince(mark.slice(prefix.length));
      return changes && { mark: `${prefix}${changes.mark}`, documents: changes.documents };
    },
    clear: async () => (await resolved<T>(logical, options)).clear(),
  });

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
