import type { DocumentQuery, FieldValue } from "./documentQuery.ts";
import { keysetOf } from "./documentQuery.ts";
import type { DocumentCollection, ReadModelDocument } from "./readStore.ts";

const PAGE = 500;

/**
 * Every document a query matches, in its order, read page by page by keyset: memory stays
 * constant however many match (an export of every customer), and no store cursor or
 * transaction is held between pages, so writes go on meanwhile. A document written while the
 * pages are read is seen or not depending on where it sorts, as with any moving read.
 */
export async function* everyMatch<T extends ReadModelDocument>(
  collection: DocumentCollection<T>,
  query: Omit<DocumentQuery, "limit" | "after">,
  pageSize = PAGE,
): AsyncGenerator<T> {
  let after: FieldValue[] | undefined;
  for (;;) {
    const page = await collection.find({ ...query, limit: pageSize, ...(after ? { after } : {}) });
    yield* page;
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return;
    after = keysetOf(last, query.sort);
  }
}
