import {
  type CatchUpSubscription,
  type EventHandler,
  type ReadAllOptions,
  type RecordedEvent,
  reportSubscriptionFailure,
  type SubscriptionOptions,
} from "@crm/event-store";
import type { CommitSignal } from "./commitSignal.ts";

type CatchUpDeps = {
  readAll: (options: ReadAllOptions) => AsyncIterable<RecordedEvent>;
  signal: CommitSignal;
  /** How long to wait for an in-process commit before reading anyway: another process may write the file. */
  pollIntervalMs: number;
};

/**
 * Reads the log after the last handled position until nothing is left, then waits for a commit
 * and reads again. Catch-up and live delivery are the same loop, so there is no hand-over gap.
 */
export const catchUpSubscription = (
  { readAll, signal, pollIntervalMs }: CatchUpDeps,
  handler: EventHandler,
  options: SubscriptionOptions = {},
): CatchUpSubscription => {
  const stopping = new AbortController();
  const { streamPrefix, onCaughtUp, onError } = options;

  const deliver = async (): Promise<void> => {
    let after = options.after;
    let caughtUp = false;
    while (!stopping.signal.aborted) {
      const commitsBeforeReading = signal.commits;
      for await (const event of readAll({ after, streamPrefix })) {
        if (stopping.signal.aborted) return;
        await handler(event);
        after = event.position;
      }
      if (!caughtUp) {
        caughtUp = true;
        onCaughtUp?.();
      }
      if (signal.commits === commitsBeforeReading) await signal.next(pollIntervalMs, stopping.signal);
    }
  };

  const ended = deliver().catch((error: unknown) => {
    reportSubscriptionFailure(error, onError);
  });

  return {
    ended,
    stop() {
      stopping.abort();
      return ended;
    },
  };
};
