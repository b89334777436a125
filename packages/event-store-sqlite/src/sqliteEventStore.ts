import { type EventStore, runningSubscriptions } from "@crm/event-store";
import { writeAppendsTo } from "./appendBatch.ts";
import { checkpointInBackground } from "./backgroundCheckpoints.ts";
import { catchUpSubscription } from "./catchUpSubscription.ts";
import { commitSignal } from "./commitSignal.ts";
import { openConnection } from "./connection.ts";
import { groupCommit } from "./groupCommit.ts";
import { readAllEventsFrom } from "./readAllEvents.ts";
import { recentlyDecoded } from "./recentlyDecoded.ts";
import { EVENT_COLUMNS, type EventRowValues, returningValues } from "./recordedEventRow.ts";

export type SqliteEventStoreOptions = {
  /** The database file; created with its schema when missing. Its directory must exist. */
  path: string;
  /** How long a write waits for another process holding the file's write lock. */
  busyTimeoutMs?: number;
  /** How often a caught-up subscription reads anyway, to see commits made by another process. */
  pollIntervalMs?: number;
};

/** The embedded event store: one SQLite file, every commit fsynced, safe to share with other processes. */
export const openSqliteEventStore = ({
  path,
  busyTimeoutMs = 5_000,
  pollIntervalMs = 1_000,
}: SqliteEventStoreOptions): EventStore => {
  const connection = openConnection(path, busyTimeoutMs);
  const checkpoints = checkpointInBackground(connection.db, path);
  const signal = commitSignal();
  const appends = groupCommit(writeAppendsTo(connection), () => signal.committed());
  const decode = recentlyDecoded();
  const readAll = readAllEventsFrom(connection, decode);
  const readStream = returningValues(
    connection.db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision`,
    ),
  );
  const subscriptions = runningSubscriptions();

  return {
    async append(stream, events, { expectedRevision }) {
      connection.assertOpen();
      if (events.length === 0) throw new RangeError(`append to ${stream} needs at least one event`);
      return appends.append({ stream, events, expected: expectedRevision });
    },
    async readStream(stream, options = {}) {
      const rows = connection.use(
        `reading ${stream}`,
        () => readStream.all(stream, options.fromRevision ?? 0) as unknown as EventRowValues[],
      );
      return rows.map(decode);
    },
    readAll(options) {
      return readAll(options);
    },
    subscribeToAll(handler, options) {
      connection.assertOpen();
      return subscriptions.track(catchUpSubscription({ readAll, signal, pollIntervalMs }, handler, options));
    },
    // Subscriptions end first, each after its event in hand (which may append), then appends
    // already asked for are written: nothing accepted before close() is dropped.
    async close() {
      await subscriptions.stopAll();
      await appends.drain();
      // The worker's connection first, so the writer's close is the last and tidies the log away as before.
      await checkpoints.stop();
      connection.close();
    },
  };
};
