import { kafkaBrokersAnswer, kafkaConsumerLag } from "@crm/event-bus/kafka";
import {
  type OperationsLogger,
  processMetrics,
  startOperationsServer,
  subscriberGauges,
} from "@crm/operations";
import { READ_MODEL_PROJECTOR } from "@crm/read-models";
import type { ReadStore } from "@crm/read-store";
import { Gauge } from "prom-client";
import { waitingAge } from "./waitingAge.ts";

// Contract section 12 for the projector process: ready while the broker and the read store
// answer; the group's lag per partition (end offset less committed offset) and the read
// models' progress in the same terms every other subscriber reports.

export const serveProjectorOperations = async (options: {
  port: number;
  brokers: string[];
  topic: string;
  group: string;
  readStore: ReadStore;
  logger: OperationsLogger;
}) => {
  const registry = processMetrics();
  // One reading per scrape (kafkaConsumerLag shares a reading in flight), so the per-partition
  // lags always add up to the subscriber's lag.
  const lag = kafkaConsumerLag(options);
  new Gauge({
    name: "crm_kafka_consumer_lag",
    help: "Messages on a partition of the topic that the consumer group has not committed yet.",
    labelNames: ["topic", "group", "partition"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { partition, lag: behind } of await lag.read())
        this.set({ topic: options.topic, group: options.group, partition: String(partition) }, behind);
    },
  });
  const age = waitingAge();
  subscriberGauges(registry)(READ_MODEL_PROJECTOR, async () => {
    const behind = (await lag.read()).reduce((sum, partition) => sum + partition.lag, 0);
    return { position: age.position(), lagEvents: behind, lagSeconds: age.seconds(behind > 0) };
  });
  const server = await startOperationsServer({
    port: options.port,
    registry,
    logger: options.logger,
    stores: [
      { name: "kafka", check: kafkaBrokersAnswer(options.brokers) },
      { name: "readStore", check: () => options.readStore.checkpoints.read("health-probe") },
    ],
  });
  return {
    address: server.address,
    /** A batch is in hand (told again on each retry of it). */
    handling: age.handling,
    /** A batch is written. */
    projected: age.projected,
    close: async () => {
      await server.close();
      await lag.close();
    },
  };
};
