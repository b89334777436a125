import { kafkaBrokersFromEnvironment } from "@crm/event-bus/kafka";
import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";
import { positiveIntegerSetting, presentSetting, serviceSettings } from "@crm/operations";
import { type StoreConfig, storeConfigFromEnvironment } from "@crm/stores";
import { READ_MODEL_GROUP } from "./readModelProjector.ts";

/**
 * What the projector's main reads from the environment; every name is listed in one place. The
 * read store comes as for every process (StoreConfig): MONGO_URL, else read-models.sqlite in CRM_DATA_DIR.
 */
export type ProjectorConfig = StoreConfig & {
  /** KAFKA_BROKERS, comma-separated host:port. Required. */
  brokers: string[];
  /** KAFKA_TOPIC: contract section 6's topic unless a test or a migration says otherwise. */
  topic: string;
  /** PROJECTOR_GROUP: the consumer group; a new name rebuilds from the oldest message kept. */
  group: string;
  /** KAFKA_SESSION_TIMEOUT_MS: how soon a killed member's partitions go to the others (6000 at the least). */
  sessionTimeoutMs: number | undefined;
  /** LOG_LEVEL: pino's level names. */
  logLevel: string;
  /** OPERATIONS_PORT: where /health/live, /health/ready and /metrics are served; not served without it. */
  operationsPort: number | undefined;
};

export const readProjectorConfig = (env: NodeJS.ProcessEnv): ProjectorConfig => {
  const brokers = kafkaBrokersFromEnvironment(env);
  return {
    ...storeConfigFromEnvironment(env),
    brokers,
    topic: presentSetting(env.KAFKA_TOPIC) ?? CUSTOMER_EVENTS_TOPIC,
    group: presentSetting(env.PROJECTOR_GROUP) ?? READ_MODEL_GROUP,
    sessionTimeoutMs: positiveIntegerSetting("KAFKA_SESSION_TIMEOUT_MS", env.KAFKA_SESSION_TIMEOUT_MS),
    ...serviceSettings(env),
  };
};
