import type { EventStore } from "@crm/event-store";
import { Gauge, type Registry } from "prom-client";

// Contract section 12: projection lag and checkpoint position per read model and subscriber
// (the read-model projector, the relay, each webhook, the pool rule, ...). Every subscriber
// reports the same way, through `report(name, progress)`; the numbers are taken when
// Prometheus scrapes, not on every event, so a busy subscriber pays nothing for them.

export type SubscriberProgress = {
  /** The global position of the last event handled (the checkpoint), if any. */
  position: bigint | undefined;
  /** Events waiting to be handled (capped where counting more would cost more than it tells). */
  lagEvents: number;
  /** How long the oldest waiting event has waited; 0 when nothing waits. */
  lagSeconds: number;
};

export type SubscriberReport = (name: string, progress: () => Promise<SubscriberProgress>) => void;

/** Counting stops here: "this many or more" is all an alert needs, and it bounds a scrape's reads. */
export const LAG_COUNT_CAP = 10_000;

const secondsSince = (recordedAt: unknown, now: number): number => {
  const at = typeof recordedAt === "string" ? Date.parse(recordedAt) : Number.NaN;
  return Number.isNaN(at) ? 0 : Math.max(0, (now - at) / 1_000);
};

/**
 * A subscriber of the event store: what waits after its position is read from the store itself,
 * so the lag is exact (up to LAG_COUNT_CAP events) and its age is that of the first waiting event.
 */
export const eventStoreProgress =
  (
    eventStore: EventStore,
    streamPrefix: string,
    position: () => bigint | undefined | Promise<bigint | undefined>,
    now: () => number = Date.now,
  ) =>
  async (): Promise<SubscriberProgress> => {
    const after = await position();
    let lagEvents = 0;
    let lagSeconds = 0;
    for await (const event of eventStore.readAll({
      streamPrefix,
      ...(after === undefined ? {} : { after }),
    })) {
      if (lagEvents === 0) lagSeconds = secondsSince(event.metadata.recordedAt, now());
      if (++lagEvents >= LAG_COUNT_CAP) break;
    }
    return { position: after, lagEvents, lagSeconds };
  };

export const subscriberGauges = (registry: Registry): SubscriberReport => {
  const subscribers = new Map<string, () => Promise<SubscriberProgress>>();
  // One reading per scrape, shared by the three gauges (the registry collects them together).
  let reading: Promise<Map<string, SubscriberProgress | undefined>> | undefined;
  const read = () => {
    reading ??= Promise.all(
      [...subscribers].map(async ([name, progress]) => {
        // A store that is down leaves the subscriber's series out of this scrape (absent, not 0).
        const answer = await progress().catch(() => undefined);
        return [name, answer] as const;
      }),
    )
      .then((entries) => new Map(entries))
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  const gauge = (name: string, help: string, value: (progress: SubscriberProgress) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ["subscriber"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const [subscriber, progress] of await read()) {
          const measured = progress && value(progress);
          if (measured !== undefined) this.set({ subscriber }, measured);
        }
      },
    });
  gauge(
    "crm_subscriber_checkpoint_position",
    "Global event-store position of the last event the subscriber handled.",
    (progress) => (progress.position === undefined ? undefined : Number(progress.position)),
  );
  gauge(
    "crm_subscriber_lag_events",
    `Events not yet handled by the subscriber (counted up to ${LAG_COUNT_CAP}).`,
    (progress) => progress.lagEvents,
  );
  gauge(
    "crm_subscriber_lag_seconds",
    "How long the oldest event the subscriber has not handled has waited; 0 when caught up.",
    (progress) => progress.lagSeconds,
  );
  return (name, progress) => {
    subscribers.set(name, progress);
  };
};
