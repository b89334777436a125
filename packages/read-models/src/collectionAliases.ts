import type { ReadModelDocument, ReadStore } from "@crm/read-store";

// Blue/green rebuilds: a read model's logical collection name points at a
// physical collection. A rebuild fills a new physical collection beside the one
// in use and then switches the pointer, so reads never see a half-built view.

const ALIASES = "read_model_aliases";

type AliasDocument = ReadModelDocument & { physical: string };

export type AliasedReadStore = ReadStore & {
  /** The physical collection a logical name reads and writes now. */
  physicalName(logical: string): string;
  /** Points logical names at new physical collections, all at once, durably. */
  switchTo(physicalByLogical: ReadonlyMap<string, string>): Promise<void>;
  /** The store without aliasing, to fill and drop physical collections. */
  physical: ReadStore;
};

export const withCollectionAliases = async (store: ReadStore): Promise<AliasedReadStore> => {
  const aliasCollection = store.collection<AliasDocument>(ALIASES);
  const aliases = new Map((await aliasCollection.all()).map((alias) => [alias._id, alias.physical]));
  const physicalName = (logical: string) => aliases.get(logical) ?? logical;
  return {
    collection: (name) => store.collection(physicalName(name)),
    checkpoints: store.checkpoints,
    resetCheckpoint: (subscriber) => store.resetCheckpoint(subscriber),
    close: () => store.close(),
    physicalName,
    switchTo: async (physicalByLogical) => {
      await aliasCollection.putMany(
        [...physicalByLogical].map(([logical, physical]) => ({ _id: logical, physical })),
      );
      for (const [logical, physical] of physicalByLogical) aliases.set(logical, physical);
    },
    physical: store,
  };
};
