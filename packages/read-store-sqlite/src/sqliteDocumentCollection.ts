import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { DocumentCollection, IndexDeclaration, ReadModelDocument } from "@crm/read-store";
import { createIndexSql, indexName, type NamedIndex, selectSql } from "./sqliteQuery.ts";

// Query shapes are few (a route's filters in their combinations), but `in` lists of every length
// make more: keep the most recent prepared statements, not every one ever made.
const STATEMENTS_KEPT = 200;

/**
 * Documents as JSON rows. Queries run in SQL, through partial expression indexes the
 * collection's owner declares. getMany (the projector's read of the documents a batch touches)
 * is served from a mirror in memory, loaded on the first read: a projector reading them from disk
 * each batch would be slower. The rows are what survives a restart.
 */
export const sqliteDocumentCollection = <T extends ReadModelDocument>(
  db: DatabaseSync,
  name: string,
): DocumentCollection<T> & { declareIndexes(indexes: readonly IndexDeclaration[]): void } => {
  const select = db.prepare("SELECT id, body FROM documents WHERE collection = ?");
  const upsert = db.prepare(
    `INSERT INTO documents (collection, id, body) VALUES (?, ?, ?)
     ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
  );
  const removeAll = db.prepare("DELETE FROM documents WHERE collection = ?");
  let mirror: Map<string, T> | undefined;
  const declared = new Map<string, NamedIndex>();
  const statements = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (statement) statements.delete(sql);
    else statement = db.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > STATEMENTS_KEPT) statements.delete(statements.keys().next().value as string);
    return statement;
  };

  const loaded = (): Map<string, T> => {
    if (!mirror) {
      mirror = new Map();
      for (const row of select.iterate(name) as Iterable<{ id: string; body: string }>)
        mirror.set(row.id, JSON.parse(row.body) as T);
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
    find: async (query) => {
      const { sql, params } = selectSql(name, query, [...declared.values()]);
      const rows = prepared(sql).all(...params) as { body: string }[];
      return rows.map((row) => JSON.parse(row.body) as T);
    },
    getMany: async (ids) => {
      const documents = loaded();
      const found = new Map<string, T>();
      for (const id of ids) {
        const document = documents.get(id);
        if (document) found.set(id, document);
      }
      return found;
    },
    putMany: async (documents) => {
      if (documents.length === 0) return;
      db.exec("BEGIN");
      try {
        for (const document of documents) upsert.run(name, document._id, JSON.stringify(document));
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
      // A mirror not loaded yet stays unloaded: a collection only written (the audit trail) is
      // never held in memory whole.
      if (mirror) for (const document of documents) mirror.set(document._id, document);
    },
    all: async () => [...loaded().values()],
    count: async () => loaded().size,
    clear: async () => {
      removeAll.run(name);
      mirror = new Map();
    },
  };
};
