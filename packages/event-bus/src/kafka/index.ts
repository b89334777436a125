export { kafkaBrokersAnswer, kafkaConsumerLag, type PartitionLag } from "./brokerHealth.ts";
export { DEFAULT_PARTITIONS } from "./customerTopic.ts";
export { kafkaBrokersFromEnvironment } from "./kafkaBrokers.ts";
export { type KafkaCustomerEventBusOptions, kafkaCustomerEventBus } from "./kafkaCustomerEventBus.ts";
export type { BusLogger } from "./kafkaLogs.ts";
export { decodeCustomerEvent, encodeCustomerEvent, UnreadableMessageError } from "./messageCodec.ts";
