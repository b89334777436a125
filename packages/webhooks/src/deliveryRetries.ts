import { pRetry, retryingWithoutEnd, type Waits } from "@crm/retry";
import type { DeliveryAnswer } from "./signedDelivery.ts";

// Contract section 11: a delivery the receiver did not accept is tried again with growing
// waits, without end: a receiver that is down for days loses nothing, and the lag metric and
// the failure list show it waiting.

export type RetrySchedule = Waits;

/** 5 s, 10 s, 20 s, ... then hourly: about 12 attempts in the first day, one an hour after. */
export const DEFAULT_RETRY: RetrySchedule = { firstMs: 5_000, longestMs: 3_600_000 };

export type RefusedDelivery = Exclude<DeliveryAnswer, { delivered: true }>;

/** A delivery the receiver refused or never answered (or that was not sent): the one failure retried here. */
class NotAccepted extends Error {
  readonly answer: RefusedDelivery;
  constructor(answer: RefusedDelivery) {
    super(answer.reason);
    this.answer = answer;
  }
}

/**
 * Delivers until the receiver accepts. Each refusal is told (and awaited) before the wait
 * that follows it. A stop ends the waiting with the signal's reason; anything else that fails
 * is thrown as it is, for the batch to be read again.
 */
export const deliverUntilAccepted = (
  deliver: () => Promise<DeliveryAnswer>,
  options: {
    schedule: RetrySchedule;
    signal: AbortSignal;
    onRefused: (answer: RefusedDelivery, attempt: number, retryInMs: number) => Promise<void>;
  },
): Promise<void> =>
  pRetry(
    async () => {
      const answer = await deliver();
      if (!answer.delivered) throw new NotAccepted(answer);
    },
    {
      ...retryingWithoutEnd(options.schedule),
      signal: options.signal,
      shouldRetry: ({ error }) => error instanceof NotAccepted,
      onFailedAttempt: async ({ error, attemptNumber, retryDelay }) => {
        if (error instanceof NotAccepted) await options.onRefused(error.answer, attemptNumber, retryDelay);
      },
    },
  );
