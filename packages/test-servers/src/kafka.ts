import { envRoute, firstAvailable, type Running, type Unavailable } from "./chain.ts";
import { containerRoute } from "./docker.ts";
import { localRoute } from "./localInfra.ts";

export type KafkaServer = Running<{ brokers: string[] }>;

const image = "confluentinc/cp-kafka:7.9.0";

function brokerList(value: string): { brokers: string[] } {
  return {
    brokers: value
      .split(",")
      .map((broker) => broker.trim())
      .filter((broker) => broker !== ""),
  };
}

/** A Kafka broker: KAFKA_BROKERS, else a container, else the local KRaft broker from infra/local. */
export function kafkaServer(): Promise<KafkaServer | Unavailable> {
  return firstAvailable("Kafka", [
    envRoute("KAFKA_BROKERS", "127.0.0.1:9092", brokerList),
    containerRoute(image, async () => {
      const { KafkaContainer } = await import("@testcontainers/kafka");
      // cp-kafka 7.x defaults to ZooKeeper; KRaft starts faster.
      const container = await new KafkaContainer(image).withKraft().start();
      return {
        address: { brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`] },
        stop: () => container.stop(),
      };
    }),
    localRoute("kafka", "KAFKA_BROKERS", brokerList),
  ]);
}
