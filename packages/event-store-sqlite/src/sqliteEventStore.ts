import type { EventStore, EventSubscription } from "@crm/event-store";
import { EventStoreUnavailableError } from "@crm/event-store";
import { appendEventsTo } from "./appendEvents.ts";
import { catchUpSubscription } from "./catchUpSubscription.ts";
import { commitSignal } from "./commitSignal.ts";
import { openConnection } from "./connection.ts";
import { readAllEventsFrom } from "./readAllEvents.ts";
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from "./recordedEventRow.ts";

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
  const signal = commitSignal();
  const append = appendEventsTo(connection, () => signal.committed());
  const readAll = readAllEventsFrom(connection);
  const readStream = connection.db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_name = ? ORDER BY revision`,
  );
  const subscriptions = new Set<EventSubscription>();

  return {
    async append(stream, events, { expectedRevision }) {
      return append(stream, events, expectedRevision);
    },
    async readStream(stream) {
      const rows = connection.use(`reading ${stream}`, () => readStream.all(stream) as EventRow[]);
      return rows.map(toRecordedEvent);
    },
    readAll(options) {
      return readAll(options);
    },
    subscribeToAll(handler, options) {
      if (connection.closed) throw new EventStoreUnavailableError(`sqlite event store at ${path} is closed`);
      const subscription = catchUpSubscription({ readAll, signal, pollIntervalMs }, handler, options);
      subscriptions.add(subscription);
      return {
        async stop() {
          await subscription.stop();
          subscriptions.delete(subscription);
        },
      };
    },
    // Subscriptions end first, each after its event in hand, so no handler sees the file vanish.
    async close() {
      await Promise.all(Array.from(subscriptions, (subscription) => subscription.stop()));
      connection.close();
    },
  };
};
