import { EventStoreUnavailableError } from "@crm/event-store";

// Primary SQLite result codes (https://sqlite.org/rescode.html) that mean "the store cannot serve
// you right now" rather than "your request or our code is wrong": upstream they become a 503 and a
// retry, never a 500. node:sqlite reports the extended code; its low byte is the primary code.
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_NOMEM = 7;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_PROTOCOL = 15;

const unavailableCodes = new Set([
  SQLITE_BUSY,
  SQLITE_LOCKED,
  SQLITE_NOMEM,
  SQLITE_READONLY,
  SQLITE_IOERR,
  SQLITE_FULL,
  SQLITE_CANTOPEN,
  SQLITE_PROTOCOL,
]);

export const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** The extended SQLite result code of an error thrown by node:sqlite, or null for any other error. */
export const sqliteErrorCode = (error: unknown): number | null =>
  error instanceof Error && "errcode" in error && typeof error.errcode === "number" ? error.errcode : null;

/** Rethrows what SQLite raised, as EventStoreUnavailableError when the store is down, busy or full. */
export const toEventStoreError = (error: unknown, doing: string): unknown => {
  const code = sqliteErrorCode(error);
  if (code !== null && unavailableCodes.has(code & 0xff)) {
    return new EventStoreUnavailableError(`sqlite event store unavailable while ${doing}`, { cause: error });
  }
  return error;
};
