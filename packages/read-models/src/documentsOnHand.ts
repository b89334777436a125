import type { DocumentCollection, ReadModelDocument } from "@crm/read-store";
import { patchedDocuments } from "@crm/views";

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
 */
export const answersOnHand = (size: number) => {
  const kept = new WeakMap<object, Map<string, unknown>>();
  return <A>(documents: object, request: unknown, answer: () => A): A => {
    let answers = kept.get(documents);
    if (!answers) {
      answers = new Map();
      kept.set(documents, answers);
    }
    const key = JSON.stringify(request);
    if (answers.has(key)) return answers.get(key) as A;
    const computed = answer();
    if (answers.size >= size) answers.delete(answers.keys().next().value as string);
    answers.set(key, computed);
    return computed;
  };
};
