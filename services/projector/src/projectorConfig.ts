import { resolve } from "node:path";
import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";
import { READ_MODEL_GROUP } from "./readModelProjector.ts";

/** What the projector's main reads from the environment; every name is listed in one place. */
export type ProjectorConfig = {
  /** KAFKA_BROKERS, comma-separated host:port. Required. */
  brokers: string[];
  /** KAFKA_TOPIC: contract section 6's topic unless a test or a migration says otherwise. */
  topic: string;
  /** PROJECTOR_GROUP: the consumer group; a new name rebuilds from the oldest message kept. */
  group: string;
  /** KAFKA_SESSION_TIMEOUT_MS: how soon a killed member's partitions go to the others (6000 at the least). */
  sessionTimeoutMs: number | undefined;
  /** MONGO_URL (and MONGO_DATABASE): the MongoDB read store; without it, SQLite in the data folder. */
  mongoUrl: string | undefined;
  mongoDatabase: string;
  /** CRM_DATA_DIR: read-models.sqlite, without MONGO_URL. */
  dataDir: string;
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
  const brokers = (env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker !== "");
  if (brokers.length === 0) throw new Error("KAFKA_BROKERS is required (e.g. KAFKA_BROKERS=127.0.0.1:9092)");
  const sessionTimeout = present(env.KAFKA_SESSION_TIMEOUT_MS);
  if (
    sessionTimeout !== undefined &&
    !(Number.isInteger(Number(sessionTimeout)) && Number(sessionTimeout) > 0)
  )
    throw new Error(`KAFKA_SESSION_TIMEOUT_MS must be a positive integer, not "${sessionTimeout}"`);
  return {
    brokers,
    topic: present(env.KAFKA_TOPIC) ?? CUSTOMER_EVENTS_TOPIC,
    group: present(env.PROJECTOR_GROUP) ?? READ_MODEL_GROUP,
    sessionTimeoutMs: sessionTimeout === undefined ? undefined : Number(sessionTimeout),
    mongoUrl: present(env.MONGO_URL),
    mongoDatabase: present(env.MONGO_DATABASE) ?? "crm",
    dataDir: resolve(env.CRM_DATA_DIR ?? ".data"),
    logLevel: present(env.LOG_LEVEL) ?? "info",
    operationsPort: port("OPERATIONS_PORT", env.OPERATIONS_PORT),
  };
};
