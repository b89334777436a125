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

/** The backing store cannot be reached; the caller may retry later, nothing was written. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EventStoreUnavailableError";
  }
}
