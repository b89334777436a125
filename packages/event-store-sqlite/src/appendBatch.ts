import type { AppendResult, ExpectedRevision, NewEvent } from "@crm/event-store";
import { expectationHolds, expectedFirstRevision, WrongExpectedRevisionError } from "@crm/event-store";
import type { Connection } from "./connection.ts";

import { SQLITE_CONSTRAINT_UNIQUE, sqliteErrorCode } from "./sqliteErrors.ts";

export type AppendRequest = { stream: string; events: NewEvent[]; expected: ExpectedRevision };

/** Each request's own outcome: appended (or found already appended), or refused with its error. */
export type AppendOutcome = { result: AppendResult } | { refused: unknown };

/** Writes the requests in one transaction; throws, having written nothing, if the transaction fails. */
export type WriteAppends = (requests: AppendRequest[]) => AppendOutcome[];

type RecordedAt = { stream_name: string; revision: number; position: number };

const isDuplicateEventId = (error: unknown): boolean =>
  sqliteErrorCode(error) === SQLITE_CONSTRAINT_UNIQUE &&
  error instanceof Error &&
  error.message.includes("events.event_id");

/**
 * One transaction, one fsync, for every append waiting to be written. Each append sits in its own
 * savepoint, so a refused one leaves the others in. Statements are prepared once per open store.
 */
export const writeAppendsTo = (connection: Connection): WriteAppends => {
  const { db } = connection;
  // IMMEDIATE takes the write lock before any revision is read, so no other process can slip in
  // between an expectation check and its insert.
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  const savepoint = db.prepare("SAVEPOINT append");
  const release = db.prepare("RELEASE append");
  const rollbackToSavepoint = db.prepare("ROLLBACK TO append");
  const streamRevision = db.prepare("SELECT max(revision) AS revision FROM events WHERE stream_name = ?");
  const insert = db.prepare(
    "INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const recordedById = db.prepare("SELECT stream_name, revision, position FROM events WHERE event_id = ?");

  // A retried write (same event ids, recorded in this stream, in order, where the expectation put
  // them) already happened: report its result instead of refusing or duplicating it.
  const earlierWrite = ({ stream, events, expected }: AppendRequest): AppendResult | null => {
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

  const insertAll = ({ stream, events, expected }: AppendRequest): AppendResult => {
    const { revision } = streamRevision.get(stream) as { revision: number | null };
    const actual = revision ?? -1;
    if (!expectationHolds(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
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

  const appendOne = (request: AppendRequest): AppendOutcome => {
    savepoint.run();
    try {
      const result = insertAll(request);
      release.run();
      return { result };
    } catch (error) {
      rollbackToSavepoint.run();
      release.run();
      // Looked for after the rollback, so a half-inserted batch is never taken for "the retry".
      const maybeRetry = error instanceof WrongExpectedRevisionError || isDuplicateEventId(error);
      const earlier = maybeRetry ? earlierWrite(request) : null;
      return earlier === null ? { refused: error } : { result: earlier };
    }
  };

  return (requests) =>
    connection.use("appending events", (database) => {
      begin.run();
      try {
        const outcomes = requests.map(appendOne);
        commit.run();
        return outcomes;
      } catch (error) {
        if (database.isTransaction) rollback.run();
        throw error;
      }
    });
};
