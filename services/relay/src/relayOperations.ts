import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { kafkaBrokersAnswer } from "@crm/event-bus/kafka";
import type { CheckpointStore, EventStore } from "@crm/event-store";
import {
  eventStoreProgress,
  type OperationsLogger,
  processMetrics,
  startOperationsServer,
  subscriberGauges,
} from "@crm/operations";
import { Counter } from "prom-client";
import type { Relay } from "./relay.ts";

// Contract section 12 for the relay process: ready while the event store, the broker and the
// checkpoint store answer; metrics of its progress (position, lag) and of what it published.

export const serveRelayOperations = async (options: {
  port: number;
  relay: Relay;
  relayName: string;
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  brokers: string[];
  logger: OperationsLogger;
}) => {
  const registry = processMetrics();
  subscriberGauges(registry)(
    options.relayName,
    eventStoreProgress(options.eventStore, CUSTOMER_STREAM_PREFIX, () => options.relay.position()),
  );
  const published = new Counter({
    name: "crm_relay_published_total",
    help: "Customer-event messages the broker acknowledged (a batch published again after a failure counts again).",
    registers: [registry],
  });
  const server = await startOperationsServer({
    port: options.port,
    registry,
    logger: options.logger,
    stores: [
      { name: "eventStore", check: () => options.eventStore.readStream("crm-health-probe") },
      { name: "kafka", check: kafkaBrokersAnswer(options.brokers) },
      { name: "checkpoints", check: () => options.checkpoints.read("health-probe") },
    ],
  });
  return { ...server, published: (messages: number) => published.inc(messages) };
};
