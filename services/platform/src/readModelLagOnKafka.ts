import { kafkaConsumerLag } from "@crm/event-bus/kafka";
import { READ_MODEL_PROJECTOR } from "@crm/read-models";
import type { PlatformOperations } from "./platformOperations.ts";

/** Where the projector service consumes in the distributed setup. */
export type ReadModelsOnKafka = { brokers: string[]; topic: string; group: string };

/**
 * In the distributed setup the read models are the projector service's; the API process
 * reports their lag from the group's committed offsets, so it shows while every projector is
 * stopped (a stopped process has no /metrics of its own). The seconds count from when this
 * process first saw the group behind: a lower bound of the oldest message's wait.
 */
export const reportReadModelLagOnKafka = (operations: PlatformOperations, kafka: ReadModelsOnKafka) => {
  const lag = kafkaConsumerLag(kafka);
  let behindSince: number | undefined;
  operations.reportProgress(READ_MODEL_PROJECTOR, async () => {
    const behind = (await lag.read()).reduce((sum, partition) => sum + partition.lag, 0);
    behindSince = behind === 0 ? undefined : (behindSince ?? Date.now());
    return {
      position: undefined,
      lagEvents: behind,
      lagSeconds: behindSince === undefined ? 0 : (Date.now() - behindSince) / 1_000,
    };
  });
  return { close: () => lag.close() };
};
