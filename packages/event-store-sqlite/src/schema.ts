import type { DatabaseSync } from "node:sqlite";

// Bumped with every change to the table layout; a file from a newer adapter is refused, not guessed at.
const SCHEMA_VERSION = 1;

// `position` is the rowid: the global order costs no extra index and a page read is a range scan.
// AUTOINCREMENT keeps positions strictly increasing even if the newest rows were ever removed,
// so a subscriber resuming "after" a position never misses a reused one.
// events_by_stream enforces one event per stream revision and, since every SQLite index entry
// carries the rowid, also covers (stream_name, revision, position): readStream, the expectation
// check and prefix-filtered readAll of a few streams all run on it without touching the table.
const createSchema = `
  CREATE TABLE events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_name TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    data        TEXT NOT NULL,
    metadata    TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX events_by_stream ON events (stream_name, revision);
  PRAGMA user_version = ${SCHEMA_VERSION};
`;

/** Sets the durability pragmas and creates the schema on a new file; run once per open. */
export const prepareDatabase = (db: DatabaseSync): void => {
  // WAL: readers do not block the writer. FULL: every commit is fsynced before append returns,
  // so an accepted command survives a power cut.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  // Inside the write lock, so two processes opening a new file do not both create the table.
  db.exec("BEGIN IMMEDIATE");
  try {
    const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
    if (version > SCHEMA_VERSION) {
      throw new Error(`event store file has schema version ${version}; this adapter knows ${SCHEMA_VERSION}`);
    }
    if (version < SCHEMA_VERSION) db.exec(createSchema);
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
};
