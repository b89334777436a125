import type { DatabaseSync } from "node:sqlite";
import { Worker } from "node:worker_threads";

// node:sqlite is synchronous, so the writer's automatic checkpoint (every 1,000 pages of
// write-ahead log: copy them into the database and fsync it) stopped the event loop inside a
// commit, every request in flight with it: 30 to 100 ms under load (docs/benchmarks.md). A worker
// thread with a connection of its own does that copying instead. Under writes without a pause the
// log is only started over after a checkpoint by the writer itself (SQLite restarts it when a
// write begins on a fully copied log), so the writer keeps its automatic checkpoint at a higher
// bound: by then the worker has copied nearly all of it, so the writer's share is small, and the
// log stays bounded.
// Durability is the writer's: a commit is as synced as before; the checkpoint only moves
// committed pages from the log into the file, which SQLite does safely from any connection.

/** The writer's own checkpoint, in pages (SQLite's default is 1,000; 4,000 pages are 16 MiB). */
const WRITER_BOUND_PAGES = 4_000;
const EVERY_MS = 100;

export type BackgroundCheckpoints = { stop(): Promise<void> };

/** Checkpoints `path`'s write-ahead log from a worker thread; `db` is the writer's connection. */
export const checkpointInBackground = (db: DatabaseSync, path: string): BackgroundCheckpoints => {
  if (path === ":memory:" || path === "") return { stop: async () => undefined };
  db.exec(`PRAGMA wal_autocheckpoint = ${WRITER_BOUND_PAGES}`);
  const worker = new Worker(new URL("./walCheckpointWorker.ts", import.meta.url), {
    workerData: { path, everyMs: EVERY_MS },
  });
  // Never what keeps a process alive, and never what brings it down: the writer's bound remains.
  worker.unref();
  worker.on("error", () => undefined);
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        // Held alive again until it has closed its connection.
        worker.ref();
        worker.postMessage("stop");
        await exited;
      })();
      return stopped;
    },
  };
};
