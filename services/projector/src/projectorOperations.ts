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
  // Partitions are projected side by side, so "the last projected" is the newest of any of them:
  // the position is how far the fastest partition got, and the age of the wait an upper bound.
  let last: { position: bigint; recordedAt: number } | undefined;
  subscriberGauges(registry)(READ_MODEL_PROJECTOR, async () => {
    const behind = (await lag.read()).reduce((sum, partition) => sum + partition.lag, 0);
    return {
      position: last?.position,
      lagEvents: behind,
      lagSeconds: behind > 0 && last ? Math.max(0, (Date.now() - last.recordedAt) / 1_000) : 0,
    };
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
    projected: (position: string | undefined, recordedAt: string | undefined) => {
      if (position === undefined || recordedAt === undefined) return;
      if (!last || BigInt(position) > last.position)
        last = { position: BigInt(position), recordedAt: Date.parse(recordedAt) };
    },
    close: async () => {
      await server.close();
      await lag.close();
    },
  };
};
