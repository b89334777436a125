import { kafkaBrokersAnswer, kafkaConsumerLag, type PartitionLag } from "@crm/event-bus/kafka";
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
  const consumerLag = kafkaConsumerLag(options);
  // One reading of the group's offsets per scrape, shared by both gauges below (the registry
  // collects them together), so the per-partition lags always add up to the subscriber's lag.
  let reading: Promise<PartitionLag[]> | undefined;
  const readLag = () => {
    reading ??= consumerLag.read().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  new Gauge({
    name: "crm_kafka_consumer_lag",
    help: "Messages on a partition of the topic that the consumer group has not committed yet.",
    labelNames: ["topic", "group", "partition"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { partition, lag: behind } of await readLag())
        this.set({ topic: options.topic, group: options.group, partition: String(partition) }, behind);
    },
  });
  const age = waitingAge();
  subscriberGauges(registry)(READ_MODEL_PROJECTOR, async () => {
    const behind = (await readLag()).reduce((sum, partition) => sum + partition.lag, 0);
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
      await consumerLag.close();
    },
  };
};
