import { Kafka, type KafkaMessage, logLevel } from "kafkajs";
import { type HandledEvents, handledEventsInMemory } from "./handledEvents.ts";
import { type CustomerEventMessage, customerEventsTopic, messageValidator } from "./publishedContract.ts";

// A downstream service's subscription to the CRM's customer events: decode, check
// against the published schema, skip what was handled already, hand the rest on.
// A message that does not fit the schema is reported and skipped: one bad message
// must not stop the partition behind it.

export type CustomerEventsConsumerOptions = {
  brokers: string[];
  groupId: string;
  /** Defaults to the address the AsyncAPI document gives. */
  topic?: string;
  fromBeginning?: boolean;
  onEvent: (message: CustomerEventMessage) => Promise<void> | void;
  onDuplicate?: (message: CustomerEventMessage) => void;
  onInvalid?: (reason: string, raw: KafkaMessage) => void;
  handled?: HandledEvents;
};

const decode = (raw: KafkaMessage): unknown => {
  try {
    return JSON.parse(raw.value?.toString("utf8") ?? "null");
  } catch {
    return undefined;
  }
};

export const startCustomerEventsConsumer = async (options: CustomerEventsConsumerOptions) => {
  const check = messageValidator();
  const handled = options.handled ?? handledEventsInMemory();
  const kafka = new Kafka({ clientId: options.groupId, brokers: options.brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({
    topic: options.topic ?? customerEventsTopic(),
    fromBeginning: options.fromBeginning ?? true,
  });
  await consumer.run({
    eachMessage: async ({ message: raw }) => {
      const checked = check(decode(raw));
      if (!checked.valid) return options.onInvalid?.(checked.reason, raw);
      const { message } = checked;
      // The key is the customerId; a message filed under another key is not what it claims.
      if (raw.key?.toString("utf8") !== message.customerId)
        return options.onInvalid?.("the message key is not its customerId", raw);
      if (handled.isHandled(message.customerId, message.revision)) return options.onDuplicate?.(message);
      await options.onEvent(message);
      handled.markHandled(message.customerId, message.revision);
    },
  });
  return { stop: () => consumer.disconnect() };
};
