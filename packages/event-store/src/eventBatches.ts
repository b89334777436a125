import { retryUntilDone } from "@crm/retry";
import type { CheckpointStore } from "./checkpoints.ts";
import type { EventStore, EventSubscription, RecordedEvent } from "./eventStore.ts";

// The subscriber runtime: every subscriber (projector, relay, referral reactor, organisation
// directory) runs on it, so there is one restart policy and no subscriber has a loop of its
// own to get wrong. The event store's subscription is turned into batches with a checkpoint.
// Live events arrive one at a time; those arriving together are handed on together, and a
// catch-up after a long stop goes in batches of `batchSize` instead of one round trip per
// event. The checkpoint is stored after `handle` resolved, never before, so a crash in
// between means the batch is handled again: at least once. Batches run one after another,
// so the checkpoint never passes an event that is not done (no gaps to track).
//
// A failure (of a batch, the checkpoint store or the subscription) starts a recovery: start
// again from the checkpoint, with growing waits, until a start works (a batch is stored or
// the subscriber has caught up). The next failure starts a new recovery from the first wait.

/** Restarts go on until one works: a store that is down is not hammered, one that comes back is soon noticed. */
const RESTART_WAITS = { firstMs: 250, longestMs: 10_000 };

export type EventBatches = {
  /** Resolves once every event that existed at the first start has been handled. */
  caughtUp: Promise<void>;
  /** The global position of the last event handled and checkpointed. */
  position(): bigint | undefined;
  /** Resolves once events up to this position are handled. */
  waitFor(position: bigint): Promise<void>;
  /** Stops: the batch in hand is finished and checkpointed; what is buffered waits for the next start. */
  stop(): Promise<void>;
};

export const startEventBatches = (deps: {
  /** The checkpoint's name: one per subscriber, so two relays to different places do not share it. */
  name: string;
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  streamPrefix: string;
  batchSize: number;
  handle: (batch: RecordedEvent[]) => Promise<void>;
  /**
   * Store the checkpoint only once this many events were handled since the last one stored
   * (default: after every batch). For a subscriber whose work is idempotent and rare (the
   * referral reactor, the relay), so that live traffic does not cost a checkpoint write per
   * batch; a crash then handles again at most this many events, a stop stores what it handled.
   */
  checkpointEvery?: number;
  /** Told when a batch (or the subscription) failed; everything after the checkpoint is read again after `retryInMs`. */
  onError?: (error: unknown, retryInMs: number) => void;
  /**
   * For a subscriber that keeps its writes in memory while it catches up (the projector writes a
   * customer's documents once per catch-up, not once per batch): `handle` may leave its work
   * pending, and `settle` makes everything handled so far durable and visible. The runtime settles
   * before it stores a checkpoint or tells anyone an event is handled (`position`, `waitFor`):
   * at the live edge (a batch shorter than `batchSize`), once `every` events are pending (memory
   * stays bounded), and on stop. A crash before a settle loses only what the checkpoint has not
   * passed, which is read again.
   */
  deferred?: { settle: () => Promise<void>; every: number };
}): EventBatches => {
  let handled: bigint | undefined;
  let sinceStored = 0;
  /** Handled but not yet settled: how many events, and the last one's position. */
  let pending: { events: number; last: bigint } | undefined;
  const stopping = new AbortController();
  let subscription: EventSubscription | undefined;
  let inHand: Promise<void> = Promise.resolve();
  const waiters = new Set<{ position: bigint; resolve: () => void }>();
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  const releaseWaiters = () => {
    for (const waiter of waiters)
      if (handled !== undefined && handled >= waiter.position) {
        waiters.delete(waiter);
        waiter.resolve();
      }
  };

  /** Settles what is handled (for a deferring subscriber), stores the checkpoint, tells the waiters. */
  const settlePending = async () => {
    if (pending === undefined) return;
    const { events, last } = pending;
    await deps.deferred?.settle();
    pending = undefined;
    sinceStored += events;
    if (sinceStored >= (deps.checkpointEvery ?? 1)) {
      await deps.checkpoints.store(deps.name, last);
      sinceStored = 0;
    }
    handled = last;
    releaseWaiters();
  };

  /**
   * Subscribes from the checkpoint. Resolves once the start has worked; rejects if it fails
   * before that. A failure after that starts a recovery of its own.
   */
  const start = async (): Promise<void> => {
    const after = await deps.checkpoints.read(deps.name);
    if (stopping.signal.aborted) return;
    // What a failed start left pending is read again from the checkpoint.
    pending = undefined;
    sinceStored = 0;
    handled = after;
    releaseWaiters();
    let buffer: RecordedEvent[] = [];
    let flushScheduled = false;
    // A failed start's late batches must not run beside the next start's.
    let live = true;

    return new Promise<void>((worked, failedToStart) => {
      let started = false;
      const working = () => {
        if (!started) {
          started = true;
          worked();
        }
      };
      // A stop while starting ends the recovery too.
      stopping.signal.addEventListener("abort", working, { once: true });
      const fail = (error: unknown) => {
        if (!live || stopping.signal.aborted) return;
        live = false;
        void subscription?.stop();
        // A batch still in hand is let finish first, so two batches are never handled at once.
        inHand = inHand.catch(() => undefined);
        if (started) void recover({ failedBefore: error });
        else failedToStart(error);
      };

      const handleBuffered = async () => {
        if (!live || stopping.signal.aborted) return;
        const batch = buffer;
        buffer = [];
        const last = batch.at(-1);
        if (last) {
          await deps.handle(batch);
          pending = { events: (pending?.events ?? 0) + batch.length, last: last.position };
        }
        if (pending === undefined) return;
        // A full batch is a catch-up under way: more follows at once, so a deferring subscriber
        // goes on in memory until the live edge or its bound.
        const catchingUp = batch.length >= deps.batchSize;
        if (deps.deferred && catchingUp && pending.events < deps.deferred.every) return;
        await settlePending();
        working();
      };
      const flush = (): Promise<void> => {
        flushScheduled = false;
        inHand = inHand.then(handleBuffered);
        return inHand;
      };

      subscription = deps.eventStore.subscribeToAll(
        async (event) => {
          buffer.push(event);
          // A full buffer waits for the batch before it: memory stays bounded during a catch-up.
          if (buffer.length >= deps.batchSize) return flush();
          if (!flushScheduled) {
            flushScheduled = true;
            setImmediate(() => void flush().catch(fail));
          }
        },
        {
          ...(after === undefined ? {} : { after }),
          streamPrefix: deps.streamPrefix,
          onCaughtUp: () =>
            void flush().then(() => {
              markCaughtUp();
              working();
            }, fail),
          onError: fail,
        },
      );
    });
  };

  /** Starts again from the checkpoint, waiting longer after each failed start, until one works. */
  const recover = async (after: { failedBefore?: unknown } = {}): Promise<void> => {
    await retryUntilDone(start, {
      ...after,
      waits: RESTART_WAITS,
      signal: stopping.signal,
      onFailure: deps.onError,
    });
  };

  void recover();

  return {
    caughtUp,
    position: () => handled,
    waitFor: (position) =>
      handled !== undefined && handled >= position
        ? Promise.resolve()
        : new Promise((resolve) => waiters.add({ position, resolve })),
    stop: async () => {
      stopping.abort();
      await subscription?.stop();
      await inHand.catch(() => undefined);
      // Work handled but not settled is kept rather than read again at the next start.
      await settlePending().catch((error: unknown) => deps.onError?.(error, 0));
      // So is work handled past the last checkpoint stored (checkpointEvery).
      if (sinceStored > 0 && handled !== undefined)
        await deps.checkpoints.store(deps.name, handled).catch((error: unknown) => deps.onError?.(error, 0));
    },
  };
};
