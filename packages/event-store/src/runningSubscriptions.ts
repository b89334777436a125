import type { EventSubscription } from "./eventStore.ts";

/** A store adapter's own subscription: stopped through it, and `ended` once it stopped or failed. */
export type CatchUpSubscription = EventSubscription & { ended: Promise<void> };

/**
 * The subscriptions a store has running, for its close() to stop: each leaves when it ends,
 * however it ends. A caller gets back only the means to stop it.
 */
export const runningSubscriptions = () => {
  const running = new Set<CatchUpSubscription>();
  return {
    track(subscription: CatchUpSubscription): EventSubscription {
      running.add(subscription);
      void subscription.ended.then(() => running.delete(subscription));
      return { stop: () => subscription.stop() };
    },
    /** Stops every one; each ends after the event it has in hand. */
    async stopAll(): Promise<void> {
      await Promise.all(Array.from(running, (subscription) => subscription.stop()));
    },
  };
};
