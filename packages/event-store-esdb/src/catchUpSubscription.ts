import {
  type CatchUpSubscription,
  type EventHandler,
  EventStoreUnavailableError,
  type ReadAllOptions,
  type RecordedEvent,
  reportSubscriptionFailure,
  type SubscriptionOptions,
} from "@crm/event-store";
import { pRetry } from "@crm/retry";
import {
  type AllStreamSubscription,
  type EventStoreDBClient,
  START,
  TimeoutError,
} from "@eventstore/db-client";
import { toEventStoreError } from "./esdbErrors.ts";
import { endOfAll } from "./positionCheck.ts";
import { fromResolvedEvent, isSystemEvent } from "./recordedEvent.ts";
import { allStreamFilter } from "./streamFilter.ts";

type CatchUpDeps = {
  client: EventStoreDBClient;
  /** Pages through $all after a position, trusted as one this store gave out. */
  readAll: (options: ReadAllOptions) => AsyncIterable<RecordedEvent>;
  /** Refuses a starting position from elsewhere (positionCheck.ts). */
  checkPosition: (position: bigint) => Promise<void>;
};

// A 23.10+ server ends a live subscription whose consumer falls behind its live buffer (32 events)
// with ABORTED, "Consumer too slow to handle event while live. Client resubscription required."
// (the client's TimeoutError). Nothing is wrong with the store: catching up again from the last
// position handled goes on without a gap or a repeat, where restarting from a stored checkpoint
// would deliver again everything since it.
const isTooSlow = (error: unknown): boolean =>
  error instanceof TimeoutError ||
  (error instanceof Error && /too slow|resubscription required/i.test(error.message));

/** The handler threw: reported as itself, unlike a store failure. */
class HandlerFailed extends Error {
  readonly error: unknown;
  constructor(error: unknown) {
    super("the subscriber's handler failed");
    this.error = error;
  }
}

/**
 * History first, through paged reads of $all, so that "caught up" means exactly "every event that
 * was there has been handled"; then a server subscription (filtered like the reads) from the last
 * position seen, for live events. The subscription starts after its position, exclusively, and
 * what it still repeats is skipped here, so the hand-over neither loses nor repeats an event.
 */
export const catchUpSubscription = (
  { client, readAll, checkPosition }: CatchUpDeps,
  handler: EventHandler,
  options: SubscriptionOptions = {},
): CatchUpSubscription => {
  const { streamPrefix, onCaughtUp, onError } = options;
  let stopping = false;
  let live: AllStreamSubscription | undefined;

  const handle = async (event: RecordedEvent): Promise<void> => {
    try {
      await handler(event);
    } catch (error) {
      throw new HandlerFailed(error);
    }
  };

  let after = options.after;
  let caughtUp = false;

  /** History from `after`, then live; returns when stopped, throws when the server ends it. */
  const catchUpThenLive = async (): Promise<void> => {
    // Taken before the history, which reads at least this far: the live subscription may start
    // here even when nothing matched, instead of scanning $all again from the beginning.
    const end = await endOfAll(client);
    for await (const event of readAll({ after, streamPrefix })) {
      if (stopping) return;
      await handle(event);
      after = event.position;
    }
    if (stopping) return;
    if (!caughtUp) onCaughtUp?.();
    caughtUp = true;
    if (end !== undefined && (after === undefined || end > after)) after = end;

    live = client.subscribeToAll({
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
      filter: allStreamFilter(streamPrefix),
    });
    try {
      for await (const resolved of live) {
        if (stopping) return;
        const event = fromResolvedEvent(resolved);
        if (after !== undefined && event.position <= after) continue;
        if (!isSystemEvent(event)) await handle(event);
        after = event.position;
      }
    } finally {
      // However the loop ended, the gRPC call is cancelled: ending the readable it feeds does not.
      void live.unsubscribe().catch(() => {});
    }
    if (!stopping) throw new EventStoreUnavailableError("EventStoreDB ended the subscription to $all");
  };

  const deliver = async (): Promise<void> => {
    if (after !== undefined) await checkPosition(after);
    // Dropped for being slow: caught up again at once from the last event handled, as often as
    // the server asks; any other end is the subscription's failure.
    await pRetry(catchUpThenLive, {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 0,
      shouldRetry: ({ error }) => !stopping && isTooSlow(error),
    });
  };

  const ended = deliver().catch((error: unknown) => {
    // Cancelling the live subscription on stop() ends its iteration with an error: not a failure.
    if (stopping && !(error instanceof HandlerFailed)) return;
    reportSubscriptionFailure(
      error instanceof HandlerFailed ? error.error : toEventStoreError(error, "subscribing to $all"),
      onError,
    );
  });

  return {
    ended,
    stop() {
      stopping = true;
      // Ends the live loop once the event in hand is handled; its `finally` cancels the call.
      live?.destroy();
      return ended;
    },
  };
};
