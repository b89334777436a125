import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import type { ReadStore } from "@crm/read-store";
import { type DeliveryFailure, deliveryFailures } from "./deliveryFailures.ts";
import { DEFAULT_RETRY, type RetrySchedule } from "./deliveryRetries.ts";
import { type AddressPolicy, addressRefusalOf, refusalOf } from "./subscriberAddress.ts";
import {
  newWebhookSecret,
  type WebhookSubscriber,
  webhookCheckpointName,
  webhookSubscribers,
} from "./subscribers.ts";
import { startWebhookDelivery, type WebhookDelivery } from "./webhookDelivery.ts";

// Contract section 11: webhook subscribers as the API sees them. Each registered subscriber
// has a delivery worker in this process, started at registration and again at every start.

/** A registration refused for one of its fields (answered as 400 validation_failed naming it). */
export class WebhookRefusedError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = "WebhookRefusedError";
    this.field = field;
  }
}

/** What the API shows of a subscriber: never its secret, which is shown once, at registration. */
export type WebhookView = Omit<WebhookSubscriber, "_id" | "secret"> & { webhookId: string };

export type WebhookDeliveries = {
  webhookId: string;
  url: string;
  /** The position every event up to which was delivered (the subscriber's checkpoint). */
  deliveredUpTo: string | null;
  /** The latest failed attempts, newest first. */
  failures: DeliveryFailure[];
};

const viewOf = ({ _id, secret: _secret, ...subscriber }: WebhookSubscriber): WebhookView => ({
  webhookId: _id,
  ...subscriber,
});

/**
 * The position of the last customer event before `from`: the checkpoint to resume after. Found
 * by reading forward, because a position one less than an event's is no position at all in
 * EventStoreDB (whose positions are byte offsets, and which refuses a position it never gave).
 * A replay is an operator's rare act; its cost is one read of the log up to `from`.
 */
const lastPositionBefore = async (eventStore: EventStore, from: bigint): Promise<bigint | undefined> => {
  let before: bigint | undefined;
  for await (const event of eventStore.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX })) {
    if (event.position >= from) break;
    before = event.position;
  }
  return before;
};

/**
 * How often the registrations are read again: subscribers registered through another API
 * process (a replica on the same stores) get their worker here too, and a read store that
 * did not answer at start is asked again.
 */
const REGISTRATIONS_REFRESH_MS = 30_000;

export const startWebhooks = (deps: {
  eventStore: EventStore;
  readStore: ReadStore;
  policy: AddressPolicy;
  retry?: RetrySchedule;
  clock?: () => Date;
  /** How each subscriber reports its progress (checkpoint and lag metrics). */
  reportProgress?: (checkpointName: string, position: () => bigint | undefined) => void;
  onAttempt?: (webhookId: string, outcome: "delivered" | "failed") => void;
  onError?: (error: unknown) => void;
}) => {
  // A listener that throws (a logger not ready yet) must not turn a reported failure into a crash.
  const tell = (error: unknown) => {
    try {
      deps.onError?.(error);
    } catch {
      // nothing more to do: the failure is retried all the same
    }
  };
  const subscribers = webhookSubscribers(deps.readStore);
  const failures = deliveryFailures(deps.readStore);
  const running = new Map<string, WebhookDelivery>();
  let stopped = false;
  let startTimer: NodeJS.Timeout | undefined;

  const run = (subscriber: WebhookSubscriber) => {
    if (stopped) return;
    const delivery = startWebhookDelivery({
      subscriber,
      eventStore: deps.eventStore,
      checkpoints: deps.readStore.checkpoints,
      failures,
      retry: deps.retry ?? DEFAULT_RETRY,
      policy: deps.policy,
      ...(deps.clock ? { clock: deps.clock } : {}),
      onAttempt: (outcome) => deps.onAttempt?.(subscriber._id, outcome),
      onError: tell,
    });
    running.set(subscriber._id, delivery);
    deps.reportProgress?.(webhookCheckpointName(subscriber._id), () => delivery.position());
  };

  const startAll = async () => {
    try {
      for (const subscriber of await subscribers.all()) if (!running.has(subscriber._id)) run(subscriber);
    } catch (error) {
      tell(error);
    }
    if (!stopped) startTimer = setTimeout(() => void startAll(), REGISTRATIONS_REFRESH_MS).unref();
  };
  const started = startAll();

  const known = async (webhookId: string): Promise<WebhookSubscriber | undefined> =>
    /^[0-9a-f-]{36}$/.test(webhookId) ? subscribers.get(webhookId) : undefined;

  return {
    /** Resolves once the subscribers registered before this start have their workers (or the first read failed). */
    started,
    register: async (registration: {
      url: string;
      types: string[] | null;
      secret: string | undefined;
      actorId: string;
    }): Promise<WebhookView & { secret: string }> => {
      const refusal = refusalOf(registration.url) ?? (await addressRefusalOf(registration.url, deps.policy));
      if (refusal) throw new WebhookRefusedError("url", refusal);
      const subscriber = await subscribers.add({
        url: registration.url,
        types: registration.types,
        secret: registration.secret ?? newWebhookSecret(),
        createdAt: (deps.clock?.() ?? new Date()).toISOString(),
        createdBy: registration.actorId,
      });
      run(subscriber);
      return { ...viewOf(subscriber), secret: subscriber.secret };
    },
    list: async (): Promise<WebhookView[]> =>
      (await subscribers.all()).map(viewOf).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    deliveries: async (webhookId: string): Promise<WebhookDeliveries | undefined> => {
      const subscriber = await known(webhookId);
      if (!subscriber) return undefined;
      const delivered =
        running.get(webhookId)?.position() ??
        (await deps.readStore.checkpoints.read(webhookCheckpointName(webhookId)));
      return {
        webhookId,
        url: subscriber.url,
        deliveredUpTo: delivered === undefined ? null : String(delivered),
        failures: await failures.list(webhookId),
      };
    },
    /** Sends again every event at or after `from` (and what came after), in order. */
    replay: async (webhookId: string, from: bigint): Promise<boolean> => {
      const subscriber = await known(webhookId);
      if (!subscriber) return false;
      // The stopped worker stays in the map until its successor replaces it, so a refresh meanwhile starts no second one.
      await running.get(webhookId)?.stop();
      const checkpoint = webhookCheckpointName(webhookId);
      const before = await lastPositionBefore(deps.eventStore, from);
      if (before === undefined) await deps.readStore.resetCheckpoint(checkpoint);
      else await deps.readStore.checkpoints.store(checkpoint, before);
      run(subscriber);
      return true;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(startTimer);
      await Promise.all([...running.values()].map((delivery) => delivery.stop()));
    },
  };
};

export type Webhooks = ReturnType<typeof startWebhooks>;
