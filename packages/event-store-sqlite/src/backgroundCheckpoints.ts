import type { DatabaseSync } from "node:sqlite";
import { Worker } from "node:worker_threads";
import type { CheckpointRequest } from "./walCheckpointWorker.ts";

// node:sqlite is synchronous, so the writer's automatic checkpoint (every 1,000 pages of
// write-ahead log: copy them into the database and fsync it) stopped the event loop inside a
// commit, every request in flight with it: up to 50-100 ms under load (docs/benchmarks.md). One
// worker thread per process, with a connection of its own to each file, does that copying instead.
// Under writes without a pause the log is only started over after a checkpoint by the writer itself
// (SQLite restarts it when a write begins on a fully copied log), so the writer keeps its automatic
// checkpoint at a higher bound: by then the worker has copied nearly all of it, so the writer's
// share is small, and the log stays bounded.
// Durability is the writer's: a commit is as synced as before; the checkpoint only moves
// committed pages from the log into the file, which SQLite does safely from any connection.

/** The writer's own checkpoint, in pages (SQLite's default is 1,000; 4,000 pages are 16 MiB). */
const WRITER_BOUND_PAGES = 4_000;
const EVERY_MS = 100;

export type BackgroundCheckpoints = { stop(): Promise<void> };

// Each thread has its own waiting closes: a thread that exits (its last file closed) must not
// resolve the closes a newer thread still owes, or a writer would close before that thread's
// connection and the thread's late close would touch files already being removed.
type Thread = {
  worker: Worker;
  files: number;
  closing: number;
  exited: boolean;
  closed: Map<number, () => void>;
};
let thread: Thread | undefined;
let nextFile = 0;

const send = (to: Thread, request: CheckpointRequest) => to.worker.postMessage(request);

const startThread = (): Thread => {
  const worker = new Worker(new URL("./walCheckpointWorker.ts", import.meta.url), {
    workerData: { everyMs: EVERY_MS },
  });
  const started: Thread = { worker, files: 0, closing: 0, exited: false, closed: new Map() };
  // Never what keeps a process alive (but while a store waits for it to close a file), and never
  // what brings it down: a thread that fails leaves each writer its own bound.
  worker.unref();
  worker.on("error", () => undefined);
  worker.on("message", (file: number) => {
    started.closed.get(file)?.();
    started.closed.delete(file);
  });
  worker.once("exit", () => {
    started.exited = true;
    if (thread === started) thread = undefined;
    for (const done of started.closed.values()) done();
    started.closed.clear();
  });
  return started;
};

/** Checkpoints `path`'s write-ahead log from the process's checkpoint thread; `db` is the writer's connection. */
export const checkpointInBackground = (db: DatabaseSync, path: string): BackgroundCheckpoints => {
  if (path === ":memory:" || path === "") return { stop: async () => undefined };
  db.exec(`PRAGMA wal_autocheckpoint = ${WRITER_BOUND_PAGES}`);
  thread ??= startThread();
  const owner = thread;
  const file = nextFile++;
  owner.files += 1;
  send(owner, { open: file, path });
  let stopped: Promise<void> | undefined;
  return {
    // Resolves once the thread has closed its connection to the file.
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        if (owner.exited) return resolve();
        owner.closed.set(file, resolve);
        owner.closing += 1;
        owner.worker.ref();
        send(owner, { close: file });
      }).then(() => {
        owner.closing -= 1;
        owner.files -= 1;
        if (owner.closing === 0) owner.worker.unref();
        if (owner.files === 0 && thread === owner) {
          thread = undefined;
          send(owner, { exit: true });
        }
      });
      return stopped;
    },
  };
};
