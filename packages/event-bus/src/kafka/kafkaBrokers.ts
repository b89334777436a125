/** KAFKA_BROKERS, comma-separated host:port: required by every process that talks to Kafka. */
export const kafkaBrokersFromEnvironment = (env: NodeJS.ProcessEnv): string[] => {
  const brokers = (env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker !== "");
  if (brokers.length === 0) throw new Error("KAFKA_BROKERS is required (e.g. KAFKA_BROKERS=127.0.0.1:9092)");
  return brokers;
};
