import { WrongExpectedRevisionError } from "@crm/event-store";
import { pRetry } from "@crm/retry";

// A write appended with the revision it read loses when another writer got there first
// (WrongExpectedRevisionError). Losing such a race costs a re-read and another attempt; any
// other failure is the caller's to see at once. Each use case keeps its own bounds.

export type RaceRetries = {
  retries: number;
  minTimeout: number;
  factor?: number;
  maxTimeout?: number;
  randomize?: boolean;
};

/** For a key or a log many writers contend for: the next attempt reads what the winner wrote. */
export const RETRY_AT_ONCE: RaceRetries = { retries: 9, minTimeout: 0 };

/** For a busy stream: waits of a few jittered milliseconds, so two losers do not collide again. */
export const RETRY_AFTER_A_MOMENT: RaceRetries = {
  retries: 24,
  minTimeout: 2,
  factor: 1.2,
  maxTimeout: 60,
  randomize: true,
};

/** If-Match: the client asked to be told of any change, so a lost race is not retried. */
export const NO_RETRY: RaceRetries = { retries: 0, minTimeout: 0 };

export const retryLostRaces = <T>(attempt: () => Promise<T>, bounds: RaceRetries): Promise<T> =>
  pRetry(attempt, { ...bounds, shouldRetry: ({ error }) => error instanceof WrongExpectedRevisionError });
