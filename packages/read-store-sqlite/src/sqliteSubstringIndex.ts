import { createHash } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import type { DocumentFilter, DocumentQuery } from "@crm/read-store";
import { fieldSql, literal } from "./sqliteQuery.ts";

// A `contains` needs no index to be answered, but without one a selective needle (an email, a
// rare name) walks the whole collection. A declared substring index is an FTS5 table with the
// trigram tokenizer over one field of one collection, keyed by the document's rowid. The
// collection keeps it as it writes (putMany compares the field with the stored one, so only a changed
// text costs a write: triggers on every document write cost the projector half again its time).
// A needle of three characters or more finds its candidates there; the query still tests each
// one with `instr` as before, so the answer is the same with or without the index.

export type SubstringIndex = {
  path: string;
  table: string;
  /** The document's text changed (null: it has none now). */
  rewrite(id: string, text: string | null): void;
  /** The texts of these documents as stored (null: none), read by SQLite; a document not stored is absent. */
  storedTexts(ids: readonly string[]): Map<string, string | null>;
  /** The collection was emptied. */
  clear(): void;
};
type Bound = string | number | null;
/** Which field a substring index covers, and its table: what a query needs of it. */
type IndexedField = Pick<SubstringIndex, "path" | "table">;

/** Drive from the index when it holds fewer candidates than this; else walk the order (many match, a page fills soon). */
export const FEW_CANDIDATES = 1_000;

export const substringTableName = (collection: string, path: string): string =>
  `documents_substrings_${createHash("sha256")
    .update(JSON.stringify([collection, path]))
    .digest("hex")
    .slice(0, 24)}`;

/** A documents table made WITHOUT ROWID (files of an older release) has no rowid to key the index by. */
const hasRowids = (db: DatabaseSync): boolean => {
  try {
    db.prepare("SELECT rowid FROM documents LIMIT 0").all();
    return true;
  } catch {
    return false;
  }
};

/** Opens the index, created and filled from the rows already there on first use; undefined where it cannot be. */
export const openSubstringIndex = (
  db: DatabaseSync,
  collection: string,
  path: string,
): SubstringIndex | undefined => {
  if (!hasRowids(db)) return undefined;
  const table = substringTableName(collection, path);
  const field = fieldSql(path);
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  if (!exists) {
    db.exec("BEGIN");
    try {
      db.exec(
        `CREATE VIRTUAL TABLE "${table}" USING fts5(text, tokenize = 'trigram case_sensitive 1', detail = none)`,
      );
      db.exec(
        `INSERT INTO "${table}" (rowid, text) SELECT rowid, ${field} FROM documents
         WHERE collection = ${literal(collection)} AND ${field} IS NOT NULL`,
      );
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      // A SQLite built without FTS5 answers as before, by walking.
      if (String(error).includes("no such module")) return undefined;
      throw error;
    }
  }
  const rowidOf = db.prepare("SELECT rowid FROM documents WHERE collection = ? AND id = ?");
  const remove = db.prepare(`DELETE FROM "${table}" WHERE rowid = ?`);
  const add = db.prepare(`INSERT INTO "${table}" (rowid, text) VALUES (?, ?)`);
  const removeAll = db.prepare(`DELETE FROM "${table}"`);
  const textsOf = db.prepare(
    `SELECT id, ${field} AS text FROM documents WHERE collection = ? AND id IN (SELECT value FROM json_each(?))`,
  );
  return {
    path,
    table,
    rewrite: (id, text) => {
      const row = rowidOf.get(collection, id) as { rowid: number } | undefined;
      if (row === undefined) return;
      remove.run(row.rowid);
      if (text !== null) add.run(row.rowid, text);
    },
    storedTexts: (ids) => {
      const texts = new Map<string, string | null>();
      for (const row of textsOf.iterate(collection, JSON.stringify(ids)) as Iterable<{
        id: string;
        text: unknown;
      }>)
        texts.set(row.id, typeof row.text === "string" ? row.text : null);
      return texts;
    },
    clear: () => {
      removeAll.run();
    },
  };
};

// GLOB's own wildcards, taken literally.
const globPattern = (needle: string) => `*${needle.replace(/[*?[]/g, (char) => `[${char}]`)}*`;

/** The index lookup a filter's `contains` allows: a declared field and a needle of three characters or more. */
const lookupIn = (filter: DocumentFilter, indexes: readonly IndexedField[]) => {
  for (const [path, condition] of Object.entries(filter)) {
    if (condition === null || typeof condition !== "object" || condition.contains === undefined) continue;
    const index = indexes.find((candidate) => candidate.path === path);
    if (index && [...condition.contains].length >= 3)
      return {
        sql: `SELECT rowid AS found FROM "${index.table}" WHERE text GLOB ?`,
        param: globPattern(condition.contains),
      };
  }
  return undefined;
};

/**
 * The rows the query can match, as a union of index lookups, when the indexes say so: through the
 * filter's own `contains`, or through every alternative of `anyOf` (one without a lookup could
 * match anything). Undefined when no index narrows the query.
 */
export const substringCandidates = (
  query: DocumentQuery,
  indexes: readonly IndexedField[],
): { sql: string; params: Bound[] } | undefined => {
  if (indexes.length === 0) return undefined;
  const own = lookupIn(query.filter ?? {}, indexes);
  const lookups = own
    ? [own]
    : (query.anyOf ?? []).length > 0
      ? (query.anyOf ?? []).map((filter) => lookupIn(filter, indexes))
      : [];
  if (lookups.length === 0 || lookups.some((lookup) => lookup === undefined)) return undefined;
  const found = lookups as { sql: string; param: string }[];
  return {
    sql: found.map((lookup) => lookup.sql).join(" UNION "),
    params: found.map((lookup) => lookup.param),
  };
};

/** Whether the candidates are few: counted up to FEW_CANDIDATES, never further. */
export const fewCandidates = (db: DatabaseSync, candidates: { sql: string; params: Bound[] }): boolean => {
  const { found } = db
    .prepare(`SELECT count(*) AS found FROM (${candidates.sql} LIMIT ${FEW_CANDIDATES})`)
    .get(...candidates.params) as { found: number };
  return found < FEW_CANDIDATES;
};
