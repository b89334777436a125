import type { KeyObject } from "node:crypto";
import { CUSTOMER_STREAM_PREFIX, customerIdOfStream } from "@crm/domain";
import { type EventBatches, type EventStore, type RecordedEvent, startEventBatches } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import { type AnchorState, anchorRecords } from "./anchorRecords.ts";
import { GLOBAL_GENESIS, nextGlobalHash, storedHashOf } from "./globalChain.ts";
import { type SignedCheckpoint, signCheckpoint } from "./signedCheckpoint.ts";

// Contract section 10.4: extends the global chain over every customer event as it is
// stored and signs a checkpoint at least every 1,000 events or every minute, whichever
// comes first. It runs on the shared checkpointed batch runtime; its progress is its
// own state document (written after the batch's checkpoints), so a restart resumes the
// chain exactly where the last completed batch left it.

export const HISTORY_ANCHOR = "anchored-history";
const EVENTS_PER_CHECKPOINT = 1_000;
const CHECKPOINT_EVERY_MS = 60_000;

export type HistoryAnchor = EventBatches & {
  /** Signs a checkpoint over everything handled so far (if anything is not yet covered). */
  checkpointNow(): Promise<SignedCheckpoint | undefined>;
};

const initialState = (): AnchorState => ({
  position: null,
  globalHash: GLOBAL_GENESIS,
  events: 0,
  sinceCheckpoint: 0,
  heads: {},
  lastCheckpointAt: null,
});

export const startHistoryAnchor = (deps: {
  eventStore: EventStore;
  readStore: ReadStore;
  signingKey: KeyObject;
  clock?: () => Date;
  eventsPerCheckpoint?: number;
  checkpointEveryMs?: number;
  onError?: (error: unknown) => void;
}): HistoryAnchor => {
  const clock = deps.clock ?? (() => new Date());
  const perCheckpoint = deps.eventsPerCheckpoint ?? EVENTS_PER_CHECKPOINT;
  const every = deps.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
  const records = anchorRecords(deps.readStore);
  let state: AnchorState | undefined;
  // Batches and the minute timer take turns, so the state is never changed by two at once.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = turn.then(work);
    turn = next.catch(() => undefined);
    return next;
  };
  const loaded = async () => {
    state ??= (await records.readState()) ?? initialState();
    return state;
  };

  const checkpointOf = (current: AnchorState): SignedCheckpoint =>
    signCheckpoint(
      {
        position: current.position ?? "0",
        globalHash: current.globalHash,
        at: clock().toISOString(),
        events: current.events,
        heads: current.heads,
      },
      deps.signingKey,
    );
  const afterCheckpoint = (current: AnchorState, checkpoint: SignedCheckpoint): AnchorState => ({
    ...current,
    sinceCheckpoint: 0,
    heads: {},
    lastCheckpointAt: checkpoint.at,
  });

  const handle = (batch: RecordedEvent[]) =>
    inTurn(async () => {
      // A working copy changed in place (a copy per event would cost O(heads) each), kept only once saved.
      let current: AnchorState = { ...(await loaded()) };
      current.heads = { ...current.heads };
      const made: SignedCheckpoint[] = [];
      for (const event of batch) {
        // Redelivered after a crash between the state and the batch checkpoint: already linked.
        if (current.position !== null && event.position <= BigInt(current.position)) continue;
        const customerId = customerIdOfStream(event.streamName);
        if (customerId === null) continue;
        const hash = storedHashOf(event.metadata);
        const position = event.position.toString();
        current.position = position;
        current.globalHash = nextGlobalHash(current.globalHash, {
          streamName: event.streamName,
          revision: event.revision,
          hash,
        });
        current.events += 1;
        current.sinceCheckpoint += 1;
        current.heads[customerId] = { revision: event.revision, hash, position };
        if (current.sinceCheckpoint >= perCheckpoint) {
          const checkpoint = checkpointOf(current);
          made.push(checkpoint);
          current = afterCheckpoint(current, checkpoint);
        }
      }
      await records.save(made, current);
      state = current;
    });

  const checkpointNow = () =>
    inTurn(async () => {
      const current = await loaded();
      if (current.sinceCheckpoint === 0) return undefined;
      const checkpoint = checkpointOf(current);
      const next = afterCheckpoint(current, checkpoint);
      await records.save([checkpoint], next);
      state = next;
      return checkpoint;
    });

  const batches = startEventBatches({
    name: HISTORY_ANCHOR,
    eventStore: deps.eventStore,
    // The state document is the checkpoint: one record says both how far and what the chain is.
    checkpoints: {
      read: async () => {
        state = undefined;
        const position = (await loaded()).position;
        return position === null ? undefined : BigInt(position);
      },
      store: async () => undefined,
    },
    streamPrefix: CUSTOMER_STREAM_PREFIX,
    batchSize: perCheckpoint,
    handle,
    ...(deps.onError ? { onError: deps.onError } : {}),
  });

  // A store never anchored counts its minute from this start, not from 1970: otherwise the first
  // tick (seconds after start) would sign a checkpoint over whatever the first requests are
  // still appending.
  const startedAt = clock().getTime();
  const due = async () => {
    const current = await loaded();
    const last = current.lastCheckpointAt === null ? startedAt : Date.parse(current.lastCheckpointAt);
    if (clock().getTime() - last >= every) await checkpointNow();
  };
  // Checked twelve times per interval: no event waits much longer than the interval for its checkpoint.
  const timer = setInterval(() => void due().catch(deps.onError), Math.max(10, every / 12));
  timer.unref();

  return {
    ...batches,
    checkpointNow,
    stop: async () => {
      clearInterval(timer);
      await batches.stop();
      await turn;
    },
  };
};
