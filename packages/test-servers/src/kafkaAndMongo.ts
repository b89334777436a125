import { isUnavailable, type Unavailable } from "./chain.ts";
import { type KafkaServer, kafkaServer } from "./kafka.ts";
import { mongoServer } from "./mongo.ts";

export type KafkaAndMongo = KafkaServer & { mongoUrl: string };

/** Both servers through the test-servers chain, for describeWithServer; unavailable if either is. */
export const kafkaAndMongo = async (): Promise<KafkaAndMongo | Unavailable> => {
  const kafka = await kafkaServer();
  if (isUnavailable(kafka)) return kafka;
  const mongo = await mongoServer();
  if (isUnavailable(mongo)) {
    await kafka.stop();
    return mongo;
  }
  return {
    brokers: kafka.brokers,
    mongoUrl: mongo.url,
    source: kafka.source,
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
};
