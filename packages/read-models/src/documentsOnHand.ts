import type { DocumentCollection, ReadModelDocument } from "@crm/read-store";

/**
 * A collection's documents, kept in the process under the change mark read before they were:
 * a request reads the mark (one small read) and gets the very array the previous one got while
 * nothing was written, so whatever the views derived from it and its documents (the cut
 * customer lists, per-customer figures) is still at hand. After a write, the next request reads
 * the collection again. The documents are shared: callers read them, never change them.
 */
export const documentsOnHand = <T extends ReadModelDocument>(
  collection: () => DocumentCollection<T>,
): (() => Promise<readonly T[]>) => {
  let kept: { mark: string; documents: Promise<T[]> } | undefined;
  return async () => {
    const documents = collection();
    const mark = await documents.changeMark();
    if (kept?.mark !== mark) {
      const reading = documents.all();
      kept = { mark, documents: reading };
      // A failed read is not kept: the next request tries again.
      reading.catch(() => {
        if (kept?.documents === reading) kept = undefined;
      });
    }
    return kept.documents;
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
