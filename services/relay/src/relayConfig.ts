import { resolve } from "node:path";
import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";

/** What the relay's main reads from the environment; every name is listed in one place. */
export type RelayConfig = {
  /** KAFKA_BROKERS, comma-separated host:port. Required. */
  brokers: string[];
  /** KAFKA_TOPIC: contract section 6's topic unless a test or a migration says otherwise. */
  topic: string;
  /** KAFKA_TOPIC_PARTITIONS: used only when the relay is the one to create the topic. */
  partitions: number | undefined;
  /** EVENTSTORE_URL: EventStoreDB/KurrentDB; without it, the SQLite store in the data folder. */
  eventStoreUrl: string | undefined;
  /** MONGO_URL (and MONGO_DATABASE): keep the checkpoint in the MongoDB read store. */
  mongoUrl: string | undefined;
  mongoDatabase: string;
  /** CRM_DATA_DIR: events.sqlite (without EVENTSTORE_URL) and relay.sqlite (without MONGO_URL). */
  dataDir: string;
  /** RELAY_BATCH_SIZE: the most events per publish. */
  batchSize: number | undefined;
  /** LOG_LEVEL: pino's level names. */
  logLevel: string;
  /** OPERATIONS_PORT: where /health/live, /health/ready and /metrics are served; not served without it. */
  operationsPort: number | undefined;
};

const positiveInt = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === "") return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a positive integer, not "${value}"`);
  return parsed;
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

export const readRelayConfig = (env: NodeJS.ProcessEnv): RelayConfig => {
  const brokers = (env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker !== "");
  if (brokers.length === 0) throw new Error("KAFKA_BROKERS is required (e.g. KAFKA_BROKERS=127.0.0.1:9092)");
  return {
    brokers,
    topic: present(env.KAFKA_TOPIC) ?? CUSTOMER_EVENTS_TOPIC,
    partitions: positiveInt("KAFKA_TOPIC_PARTITIONS", env.KAFKA_TOPIC_PARTITIONS),
    eventStoreUrl: present(env.EVENTSTORE_URL),
    mongoUrl: present(env.MONGO_URL),
    mongoDatabase: present(env.MONGO_DATABASE) ?? "crm",
    dataDir: resolve(env.CRM_DATA_DIR ?? ".data"),
    batchSize: positiveInt("RELAY_BATCH_SIZE", env.RELAY_BATCH_SIZE),
    logLevel: present(env.LOG_LEVEL) ?? "info",
    operationsPort: port("OPERATIONS_PORT", env.OPERATIONS_PORT),
  };
};
