import { randomUUID } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  type DocumentCollection,
  type IndexDeclaration,
  type ReadModelDocument,
  valueAt,
} from "@crm/read-store";
import { LRUCache } from "lru-cache";
import { type KeySlots, keySlotsReader } from "./documentKeySlots.ts";
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
  const keySlots = keySlotsReader(db, name);
  const indexSql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
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

  // A document is written with its key columns (documentKeySlots.ts), ?1 the body, ?2 the
  // collection, ?3 the id. Which key columns an update must set is asked of SQLite itself (`IS`,
  // the stored value against the new body's), so a column is left alone exactly when its value
  // stays: then the indexes over it are not touched.
  type Writer = {
    probe: StatementSync;
    insert: StatementSync;
    update: (changed: string[]) => StatementSync;
    upsert?: StatementSync;
  };
  const writers = new WeakMap<KeySlots, Writer>();
  const writerFor = (keys: KeySlots): Writer => {
    let writer = writers.get(keys);
    if (!writer) {
      const extracted = keys.extractedFrom("?1");
      const sqlOf = new Map(extracted.map(({ column, sql }) => [column, sql]));
      writer = {
        probe: db.prepare(
          `SELECT ${["1 AS found", ...extracted.map(({ column, sql }) => `${column} IS ${sql} AS ${column}`)].join(", ")}
           FROM documents WHERE collection = ?2 AND id = ?3`,
        ),
        insert: db.prepare(
          `INSERT INTO documents (collection, id, body${extracted.map(({ column }) => `, ${column}`).join("")})
           VALUES (?2, ?3, ?1${extracted.map(({ sql }) => `, ${sql}`).join("")})
           ON CONFLICT (collection, id) DO NOTHING`,
        ),
        update: (changed) =>
          prepared(
            `UPDATE documents SET body = ?1${changed.map((column) => `, ${column} = ${sqlOf.get(column)}`).join("")}
             WHERE collection = ?2 AND id = ?3`,
          ),
        ...(extracted.length === 0
          ? {
              upsert: db.prepare(
                `INSERT INTO documents (collection, id, body) VALUES (?2, ?3, ?1)
                 ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
              ),
            }
          : {}),
      };
      writers.set(keys, writer);
    }
    return writer;
  };
  // A document this process holds is most likely stored (asked first); one it does not hold (a
  // new customer's, or a rebuild's) is most likely new (inserted first). Either way the other
  // follows when the guess was wrong.
  const write = (writer: Writer, document: T, likelyStored: boolean) => {
    const body = JSON.stringify(document);
    // Without key columns there is nothing to compare: one statement, whether stored or not.
    if (writer.upsert) {
      writer.upsert.run(body, name, document._id);
      return;
    }
    if (!likelyStored && writer.insert.run(body, name, document._id).changes === 1) return;
    const stored = writer.probe.get(body, name, document._id) as Record<string, number> | undefined;
    if (stored === undefined) {
      writer.insert.run(body, name, document._id);
      return;
    }
    const changed = Object.keys(stored).filter((column) => column !== "found" && stored[column] !== 1);
    writer.update(changed).run(body, name, document._id);
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
      const fresh = indexes.filter((index) => !declared.has(JSON.stringify(index)));
      if (fresh.length === 0) return;
      const keys = keySlots.claim(fresh.flatMap((index) => index.map(([path]) => path)));
      for (const index of fresh) {
        const named = { name: indexName(name, index), index };
        const sql = createIndexSql(name, index, named.name, keys.fields);
        const existing = indexSql.get(named.name) as { sql: string } | undefined;
        if (existing?.sql !== sql) {
          // Made before its fields had key columns (over the JSON): made again over the columns.
          if (existing) db.exec(`DROP INDEX "${named.name}"`);
          db.exec(sql);
        }
        declared.set(JSON.stringify(index), named);
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
        keySlots.read().fields,
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
        const writer = writerFor(keySlots.read());
        for (const document of documents) {
          const before = held.get(document._id);
          write(writer, document, before !== undefined);
          // Only a text that changed is written again (most writes leave the searched fields alone).
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
