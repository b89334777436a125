import type { CheckpointStore } from "../checkpoints.ts";
import { EventStoreUnavailableError } from "../errors.ts";
import type { EventStore } from "../eventStore.ts";
import { reportSubscriptionFailure } from "../subscriptionFailure.ts";

// Outages on demand, for fault tests of subscribers: a store that goes down refuses every
// call, as an unreachable server does, and drops the subscriptions it is serving, as
// EventStoreDB does when its connection breaks. Around any store, the in-memory one included.

export type Outage = {
  /** From now on every call fails, and live subscriptions are dropped with `error`. */
  goDown(error?: unknown): void;
  comeBack(): void;
};

const unavailable = () => new EventStoreUnavailableError("the store is down (a test's outage)");

export const withOutages = (store: EventStore): Outage & { eventStore: EventStore } => {
  let down: unknown;
  const live = new Set<(error: unknown) => void>();
  const up = () => {
    if (down !== undefined) throw down;
  };

  const eventStore: EventStore = {
    append: async (stream, events, options) => {
      up();
      return store.append(stream, events, options);
    },
    readStream: async (stream, options) => {
      up();
      return store.readStream(stream, options);
    },
    readAll: (options) =>
      (async function* () {
        up();
        yield* store.readAll(options);
      })(),
    subscribeToAll: (handler, options = {}) => {
      let ended = false;
      const end = (error: unknown) => {
        if (ended) return;
        ended = true;
        live.delete(end);
        void inner.stop();
        reportSubscriptionFailure(error, options.onError);
      };
      const inner = store.subscribeToAll(
        async (event) => {
          up();
          if (!ended) await handler(event);
        },
        { ...options, onError: end },
      );
      live.add(end);
      // Subscribing while the store is down fails the way reading does: on the next tick.
      if (down !== undefined) setImmediate(() => end(down));
      return {
        stop: async () => {
          ended = true;
          live.delete(end);
          await inner.stop();
        },
      };
    },
    close: () => store.close(),
  };

  return {
    eventStore,
    goDown: (error = unavailable()) => {
      down = error;
      for (const drop of [...live]) drop(error);
    },
    comeBack: () => {
      down = undefined;
    },
  };
};

/** Checkpoints in a read store that can go down: reads and stores fail while it is. */
export const checkpointsWithOutages = (
  checkpoints: CheckpointStore,
): Outage & { checkpoints: CheckpointStore } => {
  let down: unknown;
  const up = () => {
    if (down !== undefined) throw down;
  };
  return {
    checkpoints: {
      read: async (subscriber) => {
        up();
        return checkpoints.read(subscriber);
      },
      store: async (subscriber, position) => {
        up();
        return checkpoints.store(subscriber, position);
      },
    },
    goDown: (error = new Error("the read store is down (a test's outage)")) => {
      down = error;
    },
    comeBack: () => {
      down = undefined;
    },
  };
};
