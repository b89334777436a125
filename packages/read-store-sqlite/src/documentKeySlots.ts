import type { DatabaseSync } from "node:sqlite";
import { type FieldSql, fieldSql } from "./sqliteQuery.ts";

// The fields a collection's indexes cover are kept in key columns beside the JSON body (k0 ... k15),
// and the indexes are made over those columns instead of over `json_extract(body, ...)`.
// Why: SQLite rewrites the entries of every index whose expression reads a column an UPDATE
// sets, and every expression index reads `body`, so each upsert of a customer summary
// rewrote all eight of its index entries, changed or not (80-90% of the upsert's cost, and most
// of the pages its commit writes). A write now sets only the key columns whose value changed,
// and SQLite leaves the indexes over the other columns alone: an interaction or a purchase
// touches no index of the summary, a stage change the two that lead with the stage.
//
// A column holds exactly what `json_extract(body, '$.path')` gives (it is computed by that very
// expression, in SQL, from the body written), so a query reads the same answer from either.
// Which column holds which field of which collection is a row of `document_key_slots`, shared
// by every process opening the file, so a writer keeps every column any reader indexes by.

/** Key columns on the documents table; a collection's fields beyond them stay JSON expressions. */
export const KEY_SLOTS = 16;

const columnOf = (slot: number) => `k${slot}`;

/** Adds the key columns and the table of their owners to a file that lacks them (a no-op after). */
export const ensureKeySlots = (db: DatabaseSync): void => {
  const columns = new Set(
    (db.prepare("SELECT name FROM pragma_table_info('documents')").all() as { name: string }[]).map(
      (column) => column.name,
    ),
  );
  for (let slot = 0; slot < KEY_SLOTS; slot++)
    if (!columns.has(columnOf(slot))) db.exec(`ALTER TABLE documents ADD COLUMN ${columnOf(slot)} ANY`);
  db.exec(`CREATE TABLE IF NOT EXISTS document_key_slots (
    collection TEXT NOT NULL,
    path TEXT NOT NULL,
    slot INTEGER NOT NULL,
    PRIMARY KEY (collection, path)
  ) STRICT`);
};

/** One collection's key columns: which field each holds. */
export type KeySlots = {
  /** Field path -> slot number. */
  readonly slots: ReadonlyMap<string, number>;
  /** A field as SQL: its key column where it has one, else its JSON expression. */
  readonly fields: FieldSql;
  /** `json_extract` of each keyed field from the body bound at `body` (e.g. `?1`), in slot order. */
  extractedFrom(body: string): { column: string; sql: string }[];
};

const keySlotsOf = (slots: ReadonlyMap<string, number>): KeySlots => ({
  slots,
  fields: (path) => {
    const slot = slots.get(path);
    return slot === undefined ? fieldSql(path) : columnOf(slot);
  },
  extractedFrom: (body) =>
    [...slots]
      .sort(([, a], [, b]) => a - b)
      .map(([path, slot]) => ({ column: columnOf(slot), sql: fieldSql(path, body) })),
});

export const keySlotsReader = (db: DatabaseSync, collection: string) => {
  const select = db.prepare("SELECT path, slot FROM document_key_slots WHERE collection = ?");
  const assign = db.prepare("INSERT INTO document_key_slots (collection, path, slot) VALUES (?, ?, ?)");
  let last: { key: string; slots: KeySlots } | undefined;
  /** The collection's key columns as the file says now (another process may have added some). */
  const read = (): KeySlots => {
    const rows = select.all(collection) as { path: string; slot: number }[];
    const key = rows.map((row) => `${row.slot}:${row.path}`).join("\n");
    if (last?.key !== key)
      last = { key, slots: keySlotsOf(new Map(rows.map((row) => [row.path, row.slot]))) };
    return last.slots;
  };
  return {
    read,
    /**
     * Gives each field a key column if it has none and one is free, filled from the rows already
     * there, in one transaction (IMMEDIATE: two processes never take the same column).
     */
    claim: (paths: Iterable<string>): KeySlots => {
      const wanted = [...new Set(paths)].filter((path) => path !== "_id");
      const now = read();
      if (wanted.every((path) => now.slots.has(path))) return now;
      db.exec("BEGIN IMMEDIATE");
      try {
        const current = read().slots;
        const used = new Set(current.values());
        for (const path of wanted) {
          if (current.has(path)) continue;
          let slot = 0;
          while (used.has(slot)) slot++;
          if (slot >= KEY_SLOTS) break;
          used.add(slot);
          assign.run(collection, path, slot);
          db.prepare(`UPDATE documents SET ${columnOf(slot)} = ${fieldSql(path)} WHERE collection = ?`).run(
            collection,
          );
        }
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
      return read();
    },
  };
};
