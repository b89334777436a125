import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import {
  type BackingStoreCheck,
  countAppendedEvents,
  eventStoreProgress,
  processMetrics,
  type SubscriberReport,
  subscriberGauges,
  traceAppends,
} from "@crm/operations";
import type { ReadStore } from "@crm/read-store";
import type { Registry } from "prom-client";

// Contract section 12 for the API process: its registry (Node metrics, commands, events
// appended, subscriber progress) and the stores /health/ready asks.

/** A stream nobody writes: reading it asks the event store for an answer and costs one index lookup. */
const PROBE_STREAM = "crm-health-probe";
/** A checkpoint nobody stores: reading it is one lookup in the read store. */
const PROBE_CHECKPOINT = "health-probe";

export type PlatformOperations = {
  registry: Registry;
  /** The event store, counting what this process appends. */
  eventStore: EventStore;
  stores: BackingStoreCheck[];
  /** Whether requests and appends are traced. */
  tracing: boolean;
  /** How a subscriber of this process's event store reports its progress: its position, the lag is read from the store. */
  reportSubscriber: (name: string, position: () => bigint | undefined | Promise<bigint | undefined>) => void;
  /** How any other subscriber reports its progress, measured its own way. */
  reportProgress: SubscriberReport;
};

export const platformOperations = (
  eventStore: EventStore,
  readStore: ReadStore,
  tracing = false,
): PlatformOperations => {
  const registry = processMetrics();
  const report: SubscriberReport = subscriberGauges(registry);
  return {
    registry,
    eventStore: countAppendedEvents(tracing ? traceAppends(eventStore) : eventStore, registry),
    tracing,
    stores: [
      { name: "eventStore", check: () => eventStore.readStream(PROBE_STREAM) },
      { name: "readStore", check: () => readStore.checkpoints.read(PROBE_CHECKPOINT) },
    ],
    reportSubscriber: (name, position) =>
      report(name, eventStoreProgress(eventStore, CUSTOMER_STREAM_PREFIX, position)),
    reportProgress: report,
  };
};
