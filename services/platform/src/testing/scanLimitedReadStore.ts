import type { DocumentCollection, ReadModelDocument, ReadStore } from "@crm/read-store";

/** What the store was asked that grows with a collection rather than with an answer. */
export class UnboundedScanError extends Error {
  constructor(what: string) {
    super(`unbounded read on a request path: ${what}`);
    this.name = "UnboundedScanError";
  }
}

/**
 * A read store that refuses what would cost as much as the collection: `all()` of a collection
 * holding more than `threshold` documents, and a query asking for more than `largestPage`. Small
 * collections (the aliases) may still be read whole. Every refusal is also recorded, so a test
 * sees it even where the caller swallows the error.
 */
export const scanLimitedReadStore = (
  store: ReadStore,
  { threshold, largestPage }: { threshold: number; largestPage: number },
) => {
  const refused: string[] = [];
  const refuse = (what: string) => {
    refused.push(what);
    return new UnboundedScanError(what);
  };
  const limited = <T extends ReadModelDocument>(
    name: string,
    collection: DocumentCollection<T>,
  ): DocumentCollection<T> => ({
    ...collection,
    all: async () => {
      const size = await collection.count();
      if (size > threshold) throw refuse(`all() of ${name} (${size} documents)`);
      return collection.all();
    },
    find: async (query) => {
      if (query.limit > largestPage) throw refuse(`find() of up to ${query.limit} in ${name}`);
      return collection.find(query);
    },
  });
  const readStore: ReadStore = {
    ...store,
    collection: (name, options) => limited(name, store.collection(name, options)),
    close: () => store.close(),
  };
  return { readStore, refused };
};
