import { kafkaBrokersFromEnvironment } from "@crm/event-bus/kafka";
import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";
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

const port = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === "") return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new Error(`${name} must be a port number (0 to 65535), not "${value}"`);
  return parsed;
};

const present = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim();

export const readProjectorConfig = (env: NodeJS.ProcessEnv): ProjectorConfig => {
  const brokers = kafkaBrokersFromEnvironment(env);
  const sessionTimeout = present(env.KAFKA_SESSION_TIMEOUT_MS);
  if (
    sessionTimeout !== undefined &&
    !(Number.isInteger(Number(sessionTimeout)) && Number(sessionTimeout) > 0)
  )
    throw new Error(`KAFKA_SESSION_TIMEOUT_MS must be a positive integer, not "${sessionTimeout}"`);
  return {
    ...storeConfigFromEnvironment(env),
    brokers,
    topic: present(env.KAFKA_TOPIC) ?? CUSTOMER_EVENTS_TOPIC,
    group: present(env.PROJECTOR_GROUP) ?? READ_MODEL_GROUP,
    sessionTimeoutMs: sessionTimeout === undefined ? undefined : Number(sessionTimeout),
    logLevel: present(env.LOG_LEVEL) ?? "info",
    operationsPort: port("OPERATIONS_PORT", env.OPERATIONS_PORT),
  };
};
