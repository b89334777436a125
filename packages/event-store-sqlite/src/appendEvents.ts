import type { DatabaseSync } from "node:sqlite";
import type { AppendResult, ExpectedRevision, NewEvent } from "@crm/event-store";
import { WrongExpectedRevisionError } from "@crm/event-store";
import type { Connection } from "./connection.ts";
import { expectationHolds, expectedFirstRevision } from "./expectation.ts";
import { SQLITE_CONSTRAINT_UNIQUE, sqliteErrorCode } from "./sqliteErrors.ts";

export type AppendEvents = (stream: string, events: NewEvent[], expected: ExpectedRevision) => AppendResult;

type RecordedAt = { stream_name: string; revision: number; position: number };

const isDuplicateEventId = (error: unknown): boolean =>
  sqliteErrorCode(error) === SQLITE_CONSTRAINT_UNIQUE &&
  error instanceof Error &&
  error.message.includes("events.event_id");

/**
 * The append transaction. Statements are prepared here, once per open store, so an append is
 * one lock, one lookup, one insert per event and one fsynced commit; `onCommitted` wakes subscribers.
 */
export const appendEventsTo = (connection: Connection, onCommitted: () => void): AppendEvents => {
  const { db } = connection;
  // IMMEDIATE takes the write lock before the revision is read, so no other writer (in this
  // process or another) can slip in between the expectation check and the insert.
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  const streamRevision = db.prepare("SELECT max(revision) AS revision FROM events WHERE stream_name = ?");
  const insert = db.prepare(
    "INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const recordedById = db.prepare("SELECT stream_name, revision, position FROM events WHERE event_id = ?");

  // A retried write (same event ids, recorded in this stream, in order, where the expectation put
  // them) already happened: report its result instead of refusing or duplicating it.
  const earlierWrite = (
    stream: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): AppendResult | null => {
    let first = expectedFirstRevision(expected);
    let last: RecordedAt | undefined;
    for (const [index, event] of events.entries()) {
      const recorded = recordedById.get(event.eventId) as RecordedAt | undefined;
      if (recorded === undefined || recorded.stream_name !== stream) return null;
      first ??= recorded.revision;
      if (recorded.revision !== first + index) return null;
      last = recorded;
    }
    return last === undefined
      ? null
      : { nextExpectedRevision: last.revision, position: BigInt(last.position) };
  };

  const insertAll = (stream: string, events: NewEvent[], actual: number): AppendResult => {
    let position = 0;
    for (const [index, event] of events.entries()) {
      const { lastInsertRowid } = insert.run(
        stream,
        actual + 1 + index,
        event.eventId,
        event.type,
        // JSON has no undefined: an event without data is stored, and read back, as null.
        JSON.stringify(event.data ?? null),
        JSON.stringify(event.metadata),
      );
      position = Number(lastInsertRowid);
    }
    return { nextExpectedRevision: actual + events.length, position: BigInt(position) };
  };

  return (stream, events, expected) =>
    connection.use(`appending to ${stream}`, (database: DatabaseSync) => {
      if (events.length === 0) throw new RangeError(`append to ${stream} needs at least one event`);
      let result: AppendResult;
      begin.run();
      try {
        const { revision } = streamRevision.get(stream) as { revision: number | null };
        const actual = revision ?? -1;
        if (!expectationHolds(expected, actual))
          throw new WrongExpectedRevisionError(stream, expected, actual);
        result = insertAll(stream, events, actual);
        commit.run();
      } catch (error) {
        if (database.isTransaction) rollback.run();
        // Checked after the rollback, so a half-inserted batch is never committed as "the retry".
        const maybeRetry = error instanceof WrongExpectedRevisionError || isDuplicateEventId(error);
        const earlier = maybeRetry ? earlierWrite(stream, events, expected) : null;
        if (earlier !== null) return earlier;
        throw error;
      }
      onCommitted();
      return result;
    });
};
