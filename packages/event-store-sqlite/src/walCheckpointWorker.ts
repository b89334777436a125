import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

// The worker side of backgroundCheckpoints.ts: one connection per file the process writes, each
// copying its write-ahead log into the database (and syncing it) every few milliseconds.

export type CheckpointRequest = { open: number; path: string } | { close: number } | { exit: true };

const { everyMs } = workerData as { everyMs: number };
const files = new Map<number, DatabaseSync>();
const timer = setInterval(() => {
  for (const db of files.values())
    try {
      // PASSIVE: copies what no reader still needs, never waits for a lock and never blocks a writer.
      db.exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch {
      // A busy or vanished file: the next tick tries again, and the writer's own bound still holds.
    }
}, everyMs);

parentPort?.on("message", (request: CheckpointRequest) => {
  if ("open" in request) {
    try {
      files.set(request.open, new DatabaseSync(request.path));
    } catch {
      // A file this thread cannot open is checkpointed by its writer alone, as before.
    }
  } else if ("close" in request) {
    files.get(request.close)?.close();
    files.delete(request.close);
    parentPort?.postMessage(request.close);
  } else {
    clearInterval(timer);
    for (const db of files.values()) db.close();
    parentPort?.close();
  }
});
