import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

// The worker side of backgroundCheckpoints.ts: its own connection to the file, copying the
// write-ahead log into the database (and syncing it) every few milliseconds, until told to stop.

const { path, everyMs } = workerData as { path: string; everyMs: number };
const db = new DatabaseSync(path);
const checkpoint = () => {
  try {
    // PASSIVE: copies what no reader still needs, never waits for a lock and never blocks a writer.
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch {
    // A busy or vanished file: the next tick tries again, and the writer's own bound still holds.
  }
};
const timer = setInterval(checkpoint, everyMs);
parentPort?.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
