import { kafkaBrokersFromEnvironment } from "@crm/event-bus/kafka";
import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";
import { positiveIntegerSetting, presentSetting, serviceSettings } from "@crm/operations";
import { type StoreConfig, storeConfigFromEnvironment } from "@crm/stores";

/**
 * What the relay's main reads from the environment; every name is listed in one place. The
 * stores come as for every process (StoreConfig): EVENTSTORE_URL, else events.sqlite in
 * CRM_DATA_DIR; the checkpoint in MONGO_URL's read store, else relay.sqlite.
 */
export type RelayConfig = StoreConfig & {
  /** KAFKA_BROKERS, comma-separated host:port. Required. */
  brokers: string[];
  /** KAFKA_TOPIC: contract section 6's topic unless a test or a migration says otherwise. */
  topic: string;
  /** KAFKA_TOPIC_PARTITIONS: used only when the relay is the one to create the topic. */
  partitions: number | undefined;
  /** RELAY_BATCH_SIZE: the most events per publish. */
  batchSize: number | undefined;
  /** LOG_LEVEL: pino's level names. */
  logLevel: string;
  /** OPERATIONS_PORT: where /health/live, /health/ready and /metrics are served; not served without it. */
  operationsPort: number | undefined;
};

export const readRelayConfig = (env: NodeJS.ProcessEnv): RelayConfig => {
  return {
    ...storeConfigFromEnvironment(env),
    brokers: kafkaBrokersFromEnvironment(env),
    topic: presentSetting(env.KAFKA_TOPIC) ?? CUSTOMER_EVENTS_TOPIC,
    partitions: positiveIntegerSetting("KAFKA_TOPIC_PARTITIONS", env.KAFKA_TOPIC_PARTITIONS),
    batchSize: positiveIntegerSetting("RELAY_BATCH_SIZE", env.RELAY_BATCH_SIZE),
    ...serviceSettings(env),
  };
};
