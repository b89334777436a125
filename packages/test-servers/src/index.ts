export type { ServerSource, Unavailable } from "./chain.ts";
export { isUnavailable } from "./chain.ts";
export { describeWithServer } from "./describeWithServer.ts";
export { dropMongoDatabase } from "./dropMongoDatabase.ts";
export { type EventStoreServer, eventStoreServer } from "./eventStore.ts";
export { type KafkaServer, kafkaServer } from "./kafka.ts";
export { type KafkaAndMongo, kafkaAndMongo } from "./kafkaAndMongo.ts";
export { type MongoServer, mongoServer } from "./mongo.ts";
export { unusedPort } from "./unusedPort.ts";
