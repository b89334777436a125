import type { DatabaseSync } from "node:sqlite";
import type { CheckpointStore } from "@crm/event-store";

/** Positions are stored as text: some event stores' positions do not fit a JS number. */
export const sqliteCheckpointStore = (
  db: DatabaseSync,
): CheckpointStore & { reset(subscriber: string): void } => {
  db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
    subscriber TEXT PRIMARY KEY,
    position TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`);
  const select = db.prepare("SELECT position FROM checkpoints WHERE subscriber = ?");
  const upsert = db.prepare(
    `INSERT INTO checkpoints (subscriber, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare("DELETE FROM checkpoints WHERE subscriber = ?");
  return {
    read: async (subscriber) => {
      const row = select.get(subscriber) as { position: string } | undefined;
      return row ? BigInt(row.position) : undefined;
    },
    store: async (subscriber, position) => {
      upsert.run(subscriber, position.toString(), new Date().toISOString());
    },
    reset: (subscriber) => {
      remove.run(subscriber);
    },
  };
};
