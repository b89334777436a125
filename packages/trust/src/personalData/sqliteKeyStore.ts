import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { ErasureRequest, PersonalDataKeyStore, StoredKey } from "./keyStore.ts";

// The embedded key store: its own SQLite file beside the event store. secure_delete makes
// SQLite overwrite what it frees with zeros, and a TRUNCATE checkpoint after each destroy
// moves the change out of the write-ahead log and empties it, so a destroyed key survives
// neither in a free page nor in the log (contract 10.1: nothing readable in the data dir).
//
// Every new lead stores a key, and each commit waits for an fsync that node:sqlite makes on the
// event loop. Keys asked for in one turn of the event loop are therefore stored in one
// transaction, like the event store's group commit: one fsync for all of them, each key still
// durable before the events encrypted under it are appended.

export const KEY_STORE_FILE = "keys.sqlite";

type Row = { wrapped_key: Uint8Array | null; erasure: string | null };
type Creating = {
  customerId: string;
  wrappedKey: Buffer;
  resolve: (key: StoredKey) => void;
  reject: (error: unknown) => void;
};

export const openSqliteKeyStore = ({ path }: { path: string }): PersonalDataKeyStore => {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: 5_000 });
  db.exec(`PRAGMA secure_delete = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    CREATE TABLE IF NOT EXISTS data_keys (
      customer_id TEXT PRIMARY KEY,
      wrapped_key BLOB,
      erasure TEXT,
      pending INTEGER NOT NULL DEFAULT 0
    ) STRICT`);
  const select = db.prepare("SELECT wrapped_key, erasure FROM data_keys WHERE customer_id = ?");
  const insert = db.prepare(
    "INSERT INTO data_keys (customer_id, wrapped_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
  );
  const destroy = db.prepare(
    `INSERT INTO data_keys (customer_id, wrapped_key, erasure, pending) VALUES (?, NULL, ?, 1)
     ON CONFLICT (customer_id) DO UPDATE SET wrapped_key = NULL, erasure = excluded.erasure, pending = 1`,
  );
  const pending = db.prepare("SELECT erasure FROM data_keys WHERE pending = 1");
  const recorded = db.prepare("UPDATE data_keys SET pending = 0 WHERE customer_id = ?");

  const toKey = (row: Row | undefined): StoredKey | undefined => {
    if (!row) return undefined;
    return row.wrapped_key === null
      ? { state: "destroyed" }
      : { state: "active", wrappedKey: Buffer.from(row.wrapped_key) };
  };

  let creating: Creating[] = [];
  let written: Promise<void> | null = null;
  const storeWaitingKeys = () => {
    const batch = creating;
    creating = [];
    written = null;
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        for (const key of batch) insert.run(key.customerId, key.wrappedKey);
        db.exec("COMMIT");
      } catch (error) {
        if (db.isTransaction) db.exec("ROLLBACK");
        throw error;
      }
    } catch (error) {
      for (const key of batch) key.reject(error);
      return;
    }
    // The key that holds: a customer's key stored before (by a racing create) wins.
    for (const key of batch) key.resolve(toKey(select.get(key.customerId) as Row) as StoredKey);
  };

  return {
    find: async (customerId) => toKey(select.get(customerId) as Row | undefined),
    create: (customerId, wrappedKey) =>
      new Promise((resolve, reject) => {
        creating.push({ customerId, wrappedKey, resolve, reject });
        written ??= new Promise((done) =>
          setImmediate(() => {
            storeWaitingKeys();
            done();
          }),
        );
      }),
    destroy: async (request) => {
      destroy.run(request.customerId, JSON.stringify(request));
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    },
    pendingErasures: async () =>
      (pending.all() as { erasure: string }[]).map((row) => JSON.parse(row.erasure) as ErasureRequest),
    recorded: async (customerId) => {
      recorded.run(customerId);
    },
    close: async () => {
      await written;
      if (db.isOpen) db.close();
    },
  };
};
