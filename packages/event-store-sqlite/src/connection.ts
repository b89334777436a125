import { DatabaseSync } from "node:sqlite";
import { EventStoreUnavailableError } from "@crm/event-store";
import { prepareDatabase } from "./schema.ts";
import { toEventStoreError } from "./sqliteErrors.ts";

/** One open SQLite file, and the single way the adapter touches it. */
export type Connection = {
  readonly db: DatabaseSync;
  /** Runs `work` against the open file; a closed store or a down disk becomes EventStoreUnavailableError. */
  use<T>(doing: string, work: (db: DatabaseSync) => T): T;
  /** Throws EventStoreUnavailableError once the store is closed. */
  assertOpen(): void;
  close(): void;
};

export const openConnection = (path: string, busyTimeoutMs: number): Connection => {
  let db: DatabaseSync | undefined;
  try {
    // `timeout` is SQLite's busy timeout: a writer waits this long for another process's lock.
    db = new DatabaseSync(path, { timeout: busyTimeoutMs });
    prepareDatabase(db);
  } catch (error) {
    db?.close();
    throw toEventStoreError(error, `opening ${path}`);
  }
  const open = db;
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new EventStoreUnavailableError(`sqlite event store at ${path} is closed`);
  };
  return {
    db: open,
    assertOpen,
    use(doing, work) {
      assertOpen();
      try {
        return work(open);
      } catch (error) {
        throw toEventStoreError(error, doing);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      open.close();
    },
  };
};
