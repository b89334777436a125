import type { ExpectedRevision } from "./eventStore.ts";

/** The stream was not where the writer expected it: somebody else wrote first. */
export class WrongExpectedRevisionError extends Error {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  /** The stream's revision when the append was refused; -1 when it does not exist. */
  readonly actual: number;

  constructor(stream: string, expected: ExpectedRevision, actual: number) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = "WrongExpectedRevisionError";
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * The backing store cannot serve now (unreachable, starting, busy, leaderless); the caller may retry
 * later. Raised by an append, it means nothing was written, unless it is the subclass below.
 */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EventStoreUnavailableError";
  }
}

/**
 * An append whose outcome is unknown: the store did not answer in time, so the events may have
 * been stored or not. Retrying with the same eventIds is safe: stores de-duplicate by them.
 */
export class AppendOutcomeUnknownError extends EventStoreUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppendOutcomeUnknownError";
  }
}

/** The stream was deleted in the store (outside this platform): it can be neither read nor written. */
export class StreamDeletedError extends Error {
  readonly stream: string;
  constructor(stream: string, options?: { cause?: unknown }) {
    super(`stream ${stream} was deleted in the event store`, options);
    this.name = "StreamDeletedError";
    this.stream = stream;
  }
}

/**
 * A position handed to readAll or subscribeToAll that this store never gave out: a checkpoint kept
 * from another store, or from beyond the end of a restored backup. Reading on from it would fail
 * or silently skip events, so it is refused.
 */
export class ForeignPositionError extends Error {
  readonly position: bigint;
  constructor(position: bigint, why: string) {
    super(`position ${position} does not belong to this event store: ${why}`);
    this.name = "ForeignPositionError";
    this.position = position;
  }
}
