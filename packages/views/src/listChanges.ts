/**
 * How a list came from the one before it: which items left it and which joined. A list is never
 * changed in place; the reader that patches one into the next records the change here, so what
 * was derived from the previous list (kept beside it) can follow, instead of being derived again
 * from every item. Only the latest step is remembered: recording the next change lets the list
 * before go.
 */
export type ListChange<T> = { previous: readonly T[]; removed: readonly T[]; added: readonly T[] };

const changes = new WeakMap<readonly unknown[], ListChange<unknown>>();

export const recordListChange = <T>(next: readonly T[], change: ListChange<T>): void => {
  changes.delete(change.previous);
  changes.set(next, change as ListChange<unknown>);
};

export const listChangeOf = <T>(next: readonly T[]): ListChange<T> | undefined =>
  changes.get(next) as ListChange<T> | undefined;

// Where each document sits in a list, found once per list and handed on to the list patched from it.
const positions = new WeakMap<readonly unknown[], Map<string, number>>();

/**
 * The documents with `changed` put in place of those with the same id (new ones appended), as a
 * new list, its change recorded: the order is the one reading them all again would give a store
 * that keeps insertion order (SQLite's mirror does).
 */
export const patchedDocuments = <T>(
  previous: readonly T[],
  changed: readonly T[],
  idOf: (document: T) => string,
): readonly T[] => {
  let at = positions.get(previous);
  if (!at) at = new Map(previous.map((document, index) => [idOf(document), index]));
  positions.delete(previous);
  const next = previous.slice();
  const removed: T[] = [];
  const added: T[] = [];
  // The last of two versions of one document is the one that stands.
  for (const document of new Map(changed.map((document) => [idOf(document), document])).values()) {
    const index = at.get(idOf(document));
    if (index === undefined) {
      at.set(idOf(document), next.length);
      next.push(document);
    } else {
      if (next[index] === document) continue;
      removed.push(next[index]!);
      next[index] = document;
    }
    added.push(document);
  }
  positions.set(next, at);
  recordListChange(next, { previous, removed, added });
  return next;
};
