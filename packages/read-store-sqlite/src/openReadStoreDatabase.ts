import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";

/**
 * The read side's own file: read models can always be rebuilt from the events,
 * so it trades the event store's fsync-per-commit for speed (synchronous=NORMAL).
 */
export const openReadStoreDatabase = (path: string): DatabaseSync => {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  // Contract 10.1: what a rewrite frees (an erased customer's old documents) is zeroed, not left in free space.
  db.exec("PRAGMA secure_delete = ON");
  return db;
};
