import { randomUUID } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  type DocumentCollection,
  type IndexDeclaration,
  type ReadModelDocument,
  valueAt,
} from "@crm/read-store";
import { LRUCache } from "lru-cache";
import { createIndexSql, indexName, type NamedIndex, selectSql } from "./sqliteQuery.ts";
import {
  fewCandidates,
  openSubstringIndex,
  type SubstringIndex,
  substringCandidates,
} from "./sqliteSubstringIndex.ts";

/** A field's text as a substring index holds it: strings only. */
const textAt = (document: object, path: string): string | null => {
  const value = valueAt(document, path);
  return typeof value === "string" ? value : null;
};

// The ids of the latest writes are kept for changesSince, at most this many (a catch-up writes
// more): a mark older than what is kept is answered "cannot tell", and the reader reads all again.
const IDS_LOGGED = 50_000;

// Query shapes are few (a route's filters in their combinations), but `in` lists of every length
// make more: keep the most recent prepared statements, not every one ever made.
const STATEMENTS_KEPT = 200;

/**
 * Documents getMany keeps parsed, most recently used first, when no reader holds the whole
 * collection: a live projector's next batch mostly touches customers it touched just before.
 */
export const RECENT_DOCUMENTS_KEPT = 2_000;

/**
 * Documents as JSON rows. Queries run in SQL, through partial expression indexes the
 * collection's owner declares. The rows are what survives a restart.
 * In memory: a mirror of the whole collection, loaded by the first reader of all of it (all(),
 * count(): the views' facts) and kept by every write after; without one, getMany (the projector's
 * read of the documents a batch touches) reads them by id and keeps the most recent ones. A
 * projector alone (a rebuild, a catch-up) never holds the whole collection in memory: at a
 * million events every collection mirrored kept the rebuild's peak above 1 GiB.
 */
export const sqliteDocumentCollection = <T extends ReadModelDocument>(
  db: DatabaseSync,
  name: string,
): DocumentCollection<T> & {
  declareIndexes(indexes: readonly IndexDeclaration[]): void;
  declareSubstringIndexes(paths: readonly string[]): void;
} => {
  const select = db.prepare("SELECT id, body FROM documents WHERE collection = ?");
  // One id (a live batch's customer) by its key; more in one statement (json_each costs ~10 us to set
  // up, a lookup by key ~1 us).
  const selectOne = db.prepare("SELECT id, body FROM documents WHERE collection = ? AND id = ?");
  const selectIds = db.prepare(
    "SELECT id, body FROM documents WHERE collection = ? AND id IN (SELECT value FROM json_each(?))",
  );
  const countRows = db.prepare("SELECT count(*) AS count FROM documents WHERE collection = ?");
  const upsert = db.prepare(
    `INSERT INTO documents (collection, id, body) VALUES (?, ?, ?)
     ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
  );
  const removeAll = db.prepare("DELETE FROM documents WHERE collection = ?");
  let mirror: Map<string, T> | undefined;
  // Without a mirror: the documents last read or written, oldest first (a Map keeps insertion order).
  const recent = new LRUCache<string, T>({ max: RECENT_DOCUMENTS_KEPT });
  const keepRecent = (id: string, document: T) => recent.set(id, document);
  /** Stored documents by id, from memory where held, else from the rows. */
  const stored = (ids: readonly string[]): Map<string, T> => {
    const found = new Map<string, T>();
    if (mirror) {
      for (const id of ids) {
        const document = mirror.get(id);
        if (document) found.set(id, document);
      }
      return found;
    }
    const missing: string[] = [];
    for (const id of ids) {
      const document = recent.peek(id);
      if (document) found.set(id, document);
      else missing.push(id);
    }
    if (missing.length > 0)
      for (const row of (missing.length === 1
        ? selectOne.all(name, missing[0] as string)
        : selectIds.iterate(name, JSON.stringify(missing))) as Iterable<{ id: string; body: string }>) {
        const document = JSON.parse(row.body) as T;
        found.set(row.id, document);
        keepRecent(row.id, document);
      }
    return found;
  };
  // The mirror is this process's, and so are the marks: counted writes, under a name of their own
  // so a collection opened again never repeats an earlier mark.
  const marks = `${randomUUID()}:`;
  let writes = 0;
  // The ids each write since `logFrom` put, in order: changesSince answers any mark from there on.
  let logged: { write: number; ids: string[] }[] = [];
  let loggedIds = 0;
  let logFrom = 0;
  const log = (ids: string[]) => {
    logged.push({ write: writes, ids });
    loggedIds += ids.length;
    while (loggedIds > IDS_LOGGED && logged.length > 0) {
      const dropped = logged.shift()!;
      loggedIds -= dropped.ids.length;
      logFrom = dropped.write;
    }
  };
  const declared = new Map<string, NamedIndex>();
  const substrings = new Map<string, SubstringIndex | undefined>();
  const statements = new LRUCache<string, StatementSync>({ max: STATEMENTS_KEPT });
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const loaded = (): Map<string, T> => {
    if (!mirror) {
      mirror = new Map();
      for (const row of select.iterate(name) as Iterable<{ id: string; body: string }>)
        mirror.set(row.id, JSON.parse(row.body) as T);
      recent.clear();
    }
    return mirror;
  };

  return {
    declareIndexes: (indexes) => {
      for (const index of indexes) {
        const key = JSON.stringify(index);
        if (declared.has(key)) continue;
        const named = { name: indexName(name, index), index };
        db.exec(createIndexSql(name, index, named.name));
        declared.set(key, named);
      }
    },
    declareSubstringIndexes: (paths) => {
      for (const path of paths)
        if (!substrings.has(path)) substrings.set(path, openSubstringIndex(db, name, path));
    },
    find: async (query) => {
      const usable = [...substrings.values()].filter((index) => index !== undefined);
      const candidates = substringCandidates(query, usable);
      const { sql, params } = selectSql(
        name,
        query,
        [...declared.values()],
        candidates && fewCandidates(db, candidates) ? candidates : undefined,
      );
      const rows = prepared(sql).all(...params) as { body: string }[];
      return rows.map((row) => JSON.parse(row.body) as T);
    },
    getMany: async (ids) => stored(ids),
    putMany: async (documents) => {
      if (documents.length === 0) return;
      const indexed = [...substrings.values()].filter((index) => index !== undefined);
      // The substring indexes compare each text with the stored one, read before it is replaced:
      // from memory where the document is held, else only the text, by SQLite.
      const held = mirror ?? recent;
      const notHeld =
        indexed.length > 0 ? documents.filter(({ _id }) => !held.has(_id)).map(({ _id }) => _id) : [];
      const storedTexts = indexed.map((index) =>
        notHeld.length > 0 ? index.storedTexts(notHeld) : new Map<string, string | null>(),
      );
      db.exec("BEGIN");
      try {
        for (const document of documents) {
          upsert.run(name, document._id, JSON.stringify(document));
          // Only a text that changed is written again (most writes leave the searched fields alone).
          const before = held.get(document._id);
          for (const [i, index] of indexed.entries()) {
            const text = textAt(document, index.path);
            const was = before === undefined ? storedTexts[i]?.get(document._id) : textAt(before, index.path);
            if (was !== text) index.rewrite(document._id, text);
          }
        }
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
      if (mirror) for (const document of documents) mirror.set(document._id, document);
      else for (const document of documents) keepRecent(document._id, document);
      writes += 1;
      log(documents.map((document) => document._id));
    },
    all: async () => [...loaded().values()],
    count: async () => mirror?.size ?? (countRows.get(name) as { count: number }).count,
    changeMark: async () => `${marks}${writes}`,
    changesSince: async (mark) => {
      const since = mark.startsWith(marks) ? Number(mark.slice(marks.length)) : Number.NaN;
      if (!Number.isInteger(since) || since < logFrom || since > writes) return undefined;
      const ids = new Set<string>();
      for (let index = logged.length - 1; index >= 0 && logged[index]!.write > since; index--)
        for (const id of logged[index]!.ids) ids.add(id);
      // From the mirror where a reader of the whole collection holds one, else by id: a reader of
      // changes alone never loads the collection.
      return { mark: `${marks}${writes}`, documents: [...stored([...ids]).values()] };
    },
    clear: async () => {
      removeAll.run(name);
      for (const index of substrings.values()) index?.clear();
      mirror = new Map();
      recent.clear();
      writes += 1;
      // What was there is gone, and changesSince cannot say so: earlier marks read all again.
      logged = [];
      loggedIds = 0;
      logFrom = writes;
    },
  };
};
