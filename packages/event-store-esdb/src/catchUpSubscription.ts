import {
  type EventHandler,
  EventStoreUnavailableError,
  type EventSubscription,
  type ReadAllOptions,
  type RecordedEvent,
  reportSubscriptionFailure,
  type SubscriptionOptions,
} from "@crm/event-store";
import {
  type AllStreamSubscription,
  BACKWARDS,
  END,
  type EventStoreDBClient,
  START,
} from "@eventstore/db-client";
import { toEventStoreError } from "./esdbErrors.ts";
import { fromResolvedEvent, isSystemEvent } from "./recordedEvent.ts";
import { allStreamFilter } from "./streamFilter.ts";

type CatchUpDeps = {
  client: EventStoreDBClient;
  readAll: (options: ReadAllOptions) => AsyncIterable<RecordedEvent>;
};

/** Where $all ends now (system events included), or undefined for an empty store. */
const endOfAll = async (client: EventStoreDBClient): Promise<bigint | undefined> => {
  let end: bigint | undefined;
  // Read to the end of the call, never left early: a call left half-read is never finished, and
  // the client's dispose() waits for every call it started to finish.
  for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
    end = resolved.event?.position.commit ?? resolved.commitPosition;
  }
  return end;
};

/** The handler threw: reported as itself, unlike a store failure. */
class HandlerFailed {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

export type CatchUpSubscription = EventSubscription & { ended: Promise<void> };

/**
 * History first, through paged reads of $all, so that "caught up" means exactly "every event that
 * was there has been handled"; then a server subscription (filtered like the reads) from the last
 * position seen, for live events. The subscription starts after its position, exclusively, and
 * what it still repeats is skipped here, so the hand-over neither loses nor repeats an event.
 */
export const catchUpSubscription = (
  { client, readAll }: CatchUpDeps,
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

  const deliver = async (): Promise<void> => {
    let after = options.after;
    // Taken before the history, which reads at least this far: the live subscription may start
    // here even when nothing matched, instead of scanning $all again from the beginning.
    const end = await endOfAll(client);
    for await (const event of readAll({ after, streamPrefix })) {
      if (stopping) return;
      await handle(event);
      after = event.position;
    }
    if (stopping) return;
    onCaughtUp?.();
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
        after = event.position;
        if (!isSystemEvent(event)) await handle(event);
      }
    } finally {
      // However the loop ended, the gRPC call is cancelled: ending the readable it feeds does not.
      void live.unsubscribe().catch(() => {});
    }
    if (!stopping) throw new EventStoreUnavailableError("EventStoreDB ended the subscription to $all");
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
