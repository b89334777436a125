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
// chain exactly where the state was last saved. The state is saved with every checkpoint
// signed, on stop, and at least every SAVE_STATE_EVERY events, not after every batch: it
// carries the heads of every customer written since the last checkpoint (tens of KB under
// load), and rewriting it per live batch cost the command path ~1 ms a batch. A crash
// links again the events after the saved state: the chain is a pure function of the events,
// so it comes out the same, and nothing signed is signed again (a checkpoint is saved with
// the state that covers it).

export const HISTORY_ANCHOR = "anchored-history";
const EVENTS_PER_CHECKPOINT = 1_000;
const CHECKPOINT_EVERY_MS = 60_000;
/** Events linked between two saves of the state when no checkpoint is signed: what a crash redoes at most. */
const SAVE_STATE_EVERY = 250;

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
  saveStateEvery?: number;
  onError?: (error: unknown) => void;
}): HistoryAnchor => {
  const clock = deps.clock ?? (() => new Date());
  const perCheckpoint = deps.eventsPerCheckpoint ?? EVENTS_PER_CHECKPOINT;
  const every = deps.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
  const saveEvery = deps.saveStateEvery ?? SAVE_STATE_EVERY;
  const records = anchorRecords(deps.readStore);
  let state: AnchorState | undefined;
  /** Events linked into `state` since it was last saved (or read). */
  let unsaved = 0;
  // Batches and the minute timer take turns, so the state is never changed by two at once.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = turn.then(work);
    turn = next.catch(() => undefined);
    return next;
  };
  // The state in hand is changed in place by the batches, so it never shares its heads with what
  // the read store holds (a store may keep the very object it was given or gave): copied once per
  // read and per save.
  const inHand = (saved: AnchorState): AnchorState => ({ ...saved, heads: { ...saved.heads } });
  const loaded = async () => {
    if (state === undefined) {
      const saved = await records.readState();
      state = saved ? inHand(saved) : initialState();
      unsaved = 0;
    }
    return state;
  };
  const save = async (made: readonly SignedCheckpoint[], next: AnchorState) => {
    await records.save(made, next);
    state = inHand(next);
    unsaved = 0;
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
      // The state is changed in place (copying its heads, up to a checkpoint's 1,000 customers, per
      // batch cost the command path ~1%); a batch that fails drops it, and the runtime's restart
      // that follows every failed batch links again from the state saved.
      let current: AnchorState = await loaded();
      try {
        const made: SignedCheckpoint[] = [];
        let linked = 0;
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
          linked += 1;
          current.heads[customerId] = { revision: event.revision, hash, position };
          if (current.sinceCheckpoint >= perCheckpoint) {
            // The signed checkpoint keeps these heads: the next ones go into a new object.
            const checkpoint = checkpointOf(current);
            made.push(checkpoint);
            current = afterCheckpoint(current, checkpoint);
          }
        }
        if (made.length > 0 || unsaved + linked >= saveEvery) await save(made, current);
        else {
          state = current;
          unsaved += linked;
        }
      } catch (error) {
        state = undefined;
        throw error;
      }
    });

  const checkpointNow = () =>
    inTurn(async () => {
      const current = await loaded();
      if (current.sinceCheckpoint === 0) return undefined;
      // Signed over a copy of the heads in hand: if the save fails, the batches go on changing
      // those, and the checkpoint may be stored already.
      const checkpoint = checkpointOf({ ...current, heads: { ...current.heads } });
      await save([checkpoint], afterCheckpoint(current, checkpoint));
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
      // What was linked since the last save is kept, so a restart does not link it again.
      await inTurn(async () => {
        if (state !== undefined && unsaved > 0) await save([], state);
      });
    },
  };
};
