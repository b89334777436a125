import type { DocumentCollection, ReadModelDocument } from "@crm/read-store";
import { patchedDocuments } from "@crm/views";
import { LRUCache } from "lru-cache";

type Held<T> = { mark: string; documents: readonly T[] };

/**
 * A collection's documents, kept in the process: a request asks the store for what was written
 * since the mark it holds (changesSince: while nothing was written, nothing, and it gets the very
 * array the previous one got, so whatever the views derived from it is still at hand). After a
 * write it gets a new array, the changed documents put in place of the old (patchedDocuments,
 * which records the change so the views re-derive only what changed). The whole collection is
 * read once, and again only when the store cannot tell what changed (a clear, a rebuild's switch,
 * a mark too old). Requests take turns, each starting from what the one before it held. The
 * documents are shared: callers read them, never change them.
 */
export const documentsOnHand = <T extends ReadModelDocument>(
  collection: () => DocumentCollection<T>,
): (() => Promise<readonly T[]>) => {
  let latest: Promise<Held<T>> | undefined;
  let lastHeld: Held<T> | undefined;
  const next = async (previous: Promise<Held<T>> | undefined): Promise<Held<T>> => {
    // A failed read is not kept: this one starts from the last that succeeded.
    const held = previous ? await previous.catch(() => lastHeld) : lastHeld;
    const documents = collection();
    const changes = held && (await documents.changesSince(held.mark));
    if (held && changes)
      lastHeld =
        changes.documents.length === 0
          ? { mark: changes.mark, documents: held.documents }
          : {
              mark: changes.mark,
              documents: patchedDocuments(held.documents, changes.documents, (document) => document._id),
            };
    else {
      const mark = await documents.changeMark();
      lastHeld = { mark, documents: await documents.all() };
    }
    return lastHeld;
  };
  return async () => {
    latest = next(latest);
    return (await latest).documents;
  };
};

/**
 * Answers kept per array of documents (so per change mark) and per request, at most `size` of
 * them: for pure answers only, those that depend on nothing but the documents and the request.
 * The first kept goes first (a lookup does not refresh an answer, hence peek).
 */
export const answersOnHand = (size: number) => {
  // Boxed: an LRUCache keeps no undefined, an answer may be one.
  const kept = new WeakMap<object, LRUCache<string, { answer: unknown }>>();
  return <A>(documents: object, request: unknown, answer: () => A): A => {
    let answers = kept.get(documents);
    if (!answers) {
      answers = new LRUCache({ max: size });
      kept.set(documents, answers);
    }
    const key = JSON.stringify(request);
    const found = answers.peek(key);
    if (found) return found.answer as A;
    const computed = answer();
    answers.set(key, { answer: computed });
    return computed;
  };
};
