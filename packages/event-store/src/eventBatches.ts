import type { CheckpointStore } from "./checkpoints.ts";
import type { EventStore, EventSubscription, RecordedEvent } from "./eventStore.ts";

// The event store's subscription turned into batches with a checkpoint. Live events arrive
// one at a time; those arriving together are handed on together, and a catch-up after a
// long stop goes in batches of `batchSize` instead of one round trip per event. The
// checkpoint is stored after `handle` resolved, never before, so a crash in between means
// the batch is handled again: at least once. Batches run one after another, so the
// checkpoint never passes an event that is not done (no gaps to track).

const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 10_000;

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

// A listener that throws (a logger not ready yet, say) must not cost the restart: the
// subscriber would stay dead with nobody told.
const tell = (
  onError: ((error: unknown, retryInMs: number) => void) | undefined,
  error: unknown,
  wait: number,
) => {
  try {
    onError?.(error, wait);
  } catch {
    // the restart goes on regardless
  }
};

export const startEventBatches = (deps: {
  /** The checkpoint's name: one per subscriber, so two relays to different places do not share it. */
  name: string;
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  streamPrefix: string;
  batchSize: number;
  handle: (batch: RecordedEvent[]) => Promise<void>;
  /** Told when a batch (or the subscription) failed; everything after the checkpoint is read again after `retryInMs`. */
  onError?: (error: unknown, retryInMs: number) => void;
}): EventBatches => {
  let handled: bigint | undefined;
  let stopped = false;
  // Each start is a generation; a late failure of an earlier one must not restart a later one.
  let generation = 0;
  let failures = 0;
  let subscription: EventSubscription | undefined;
  let inHand: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | undefined;
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

  const start = async (current: number) => {
    const after = await deps.checkpoints.read(deps.name);
    if (stopped || current !== generation) return;
    handled = after;
    releaseWaiters();
    let buffer: RecordedEvent[] = [];
    let flushScheduled = false;

    const handleBuffered = async () => {
      if (stopped || current !== generation) return;
      const batch = buffer;
      buffer = [];
      const last = batch.at(-1);
      if (!last) return;
      await deps.handle(batch);
      await deps.checkpoints.store(deps.name, last.position);
      handled = last.position;
      failures = 0;
      releaseWaiters();
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
          setImmediate(() => void flush().catch((error: unknown) => failed(current, error)));
        }
      },
      {
        ...(after === undefined ? {} : { after }),
        streamPrefix: deps.streamPrefix,
        onCaughtUp: () => void flush().then(markCaughtUp, (error: unknown) => failed(current, error)),
        onError: (error) => failed(current, error),
      },
    );
  };

  const failed = (current: number, error: unknown) => {
    if (stopped || current !== generation) return;
    generation += 1;
    failures += 1;
    const wait = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
    tell(deps.onError, error, wait);
    // Start over from the checkpoint: what was buffered or half-handled is read again.
    // A batch still in hand is let finish first, so two batches are never published at once.
    void subscription?.stop();
    inHand = inHand.catch(() => undefined);
    const next = generation;
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => void start(next).catch((e: unknown) => failed(next, e)), wait);
  };

  void start(generation).catch((error: unknown) => failed(0, error));

  return {
    caughtUp,
    position: () => handled,
    waitFor: (position) =>
      handled !== undefined && handled >= position
        ? Promise.resolve()
        : new Promise((resolve) => waiters.add({ position, resolve })),
    stop: async () => {
      stopped = true;
      clearTimeout(restartTimer);
      await subscription?.stop();
      await inHand.catch(() => undefined);
    },
  };
};
