import { CUSTOMER_STREAM_PREFIX, type RecordedCustomerEvent, toRecordedCustomerEvent } from "@crm/domain";
import type { EventStore, EventSubscription, RecordedEvent } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import { projectBatch } from "./projectBatch.ts";
import type { AnyProjection } from "./projection.ts";

// Runs projections in-process on the event store's subscription. Events are
// buffered and applied in batches (a rebuild of a long history would otherwise
// write once per event); the checkpoint is stored after the batch's documents,
// so a crash between the two only means a redelivery, which projections ignore.

// A catch-up batch writes each document it touches once, so a bigger batch writes a
// customer's documents fewer times; past 5,000 the gain stops (docs/benchmarks.md), and
// live events never wait for a batch to fill (they flush on the next turn).
const DEFAULT_BATCH_SIZE = 5_000;
const RESTART_DELAY_MS = 1_000;

export type Projector = {
  /** Resolves once every event that existed at start has been projected. */
  caughtUp: Promise<void>;
  /** The global position of the last event projected (and checkpointed). */
  position(): bigint | undefined;
  /** Resolves once events up to this position are projected (read-your-writes for tests and tools). */
  waitFor(position: bigint): Promise<void>;
  stop(): Promise<void>;
};

export const startProjector = (deps: {
  name: string;
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly AnyProjection[];
  batchSize?: number;
  onError?: (error: unknown) => void;
}): Projector => {
  const { name, eventStore, readStore, projections } = deps;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  let buffer: RecordedEvent[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let flushScheduled = false;
  let projected: bigint | undefined;
  let subscription: EventSubscription | undefined;
  let stopped = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const waiters = new Set<{ position: bigint; resolve: () => void }>();
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  const releaseWaiters = () => {
    for (const waiter of waiters)
      if (projected !== undefined && projected >= waiter.position) {
        waiters.delete(waiter);
        waiter.resolve();
      }
  };

  const applyBuffered = async () => {
    // After stop() nothing more is written: what is still buffered is delivered again on restart.
    if (stopped) return;
    const batch = buffer;
    buffer = [];
    const last = batch.at(-1);
    if (!last) return;
    const events = batch.flatMap(
      (stored) => toRecordedCustomerEvent(stored) ?? [],
    ) as RecordedCustomerEvent[];
    await projectBatch(readStore, projections, events);
    await readStore.checkpoints.store(name, last.position);
    projected = last.position;
    releaseWaiters();
  };

  const flush = (): Promise<void> => {
    flushScheduled = false;
    flushing = flushing.then(applyBuffered);
    return flushing;
  };

  const start = async () => {
    const after = await readStore.checkpoints.read(name);
    projected = after;
    releaseWaiters();
    if (stopped) return;
    subscription = eventStore.subscribeToAll(
      async (stored) => {
        buffer.push(stored);
        if (buffer.length >= batchSize) return flush();
        if (!flushScheduled) {
          // Live events come one at a time: give the ones arriving together a turn to batch up.
          flushScheduled = true;
          setImmediate(() => void flush().catch(failed));
        }
      },
      {
        ...(after === undefined ? {} : { after }),
        streamPrefix: CUSTOMER_STREAM_PREFIX,
        onCaughtUp: () => void flush().then(markCaughtUp, failed),
        onError: failed,
      },
    );
  };

  const failed = (error: unknown) => {
    deps.onError?.(error);
    if (stopped) return;
    // Start over from the last checkpoint: what was buffered is delivered again.
    void subscription?.stop();
    buffer = [];
    flushing = Promise.resolve();
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => void start().catch(failed), RESTART_DELAY_MS);
  };

  void start().catch(failed);
  return {
    caughtUp,
    position: () => projected,
    waitFor: (position) =>
      projected !== undefined && projected >= position
        ? Promise.resolve()
        : new Promise((resolve) => waiters.add({ position, resolve })),
    stop: async () => {
      stopped = true;
      clearTimeout(restartTimer);
      await subscription?.stop();
      await flushing.catch(() => undefined);
    },
  };
};
