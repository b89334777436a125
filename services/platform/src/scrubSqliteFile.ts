import { DatabaseSync } from "node:sqlite";

/**
 * Contract 10.1: after an erasure rewrote a customer's read-model documents, the old bytes must
 * leave the file too. The read store frees them with secure_delete (zeroed), and a TRUNCATE
 * checkpoint copies the new pages into the file and empties the write-ahead log that still
 * held the old ones. A checkpoint blocked by a reader in flight is tried again.
 */
export const scrubSqliteFile = (path: string) => async () => {
  const db = new DatabaseSync(path, { timeout: 5_000 });
  try {
    // A substring index (FTS5) keeps a rewritten text's trigrams in its older segments until they
    // are merged: merge them, with what that frees zeroed like the rest.
    db.exec("PRAGMA secure_delete = ON");
    const substringIndexes = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'",
      )
      .all() as { name: string }[];
    for (const { name } of substringIndexes) db.exec(`INSERT INTO "${name}" ("${name}") VALUES ('optimize')`);
    for (let attempt = 0; attempt < 50; attempt++) {
      const { busy } = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get() as { busy: number };
      if (busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${path}: the write-ahead log could not be emptied (readers kept it busy)`);
  } finally {
    db.close();
  }
};
