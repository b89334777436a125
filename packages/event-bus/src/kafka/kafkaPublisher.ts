import type { CustomerEventMessage } from "@crm/event-contracts";
import { type Kafka, Partitioners, type Producer } from "kafkajs";
import type { TraceHeaders } from "../customerEventBus.ts";
import { encodeCustomerEvent } from "./messageCodec.ts";

// kafkajs sorts a send's messages into partitions by copying each partition's list once per
// message (producer/groupMessagesPerPartition.js): quadratic, a second of CPU for a relay batch
// of 5,000. Sends of at most this many keep that negligible, for a round trip each.
const MESSAGES_PER_SEND = 500;

/**
 * The producing half of the Kafka bus. Idempotent with one request in flight: the broker
 * drops a retried batch it already wrote, and a retry cannot overtake the batch before it,
 * so one customer's messages stay in order. acks = all: publish resolves only once every
 * in-sync replica has the messages, which is when the relay may move its checkpoint.
 */
export const kafkaPublisher = (kafka: Kafka, topic: string, topicReady: () => Promise<void>) => {
  let producer: Promise<Producer> | undefined;

  const connected = (): Promise<Producer> => {
    producer ??= (async () => {
      await topicReady();
      const created = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // The Java client's partitioner: other producers keyed by customerId land alike.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await created.connect();
      return created;
    })();
    return producer;
  };

  // After a failure the producer's sequence numbers may no longer match the broker's: the
  // next publish starts a new producer (a new producer id) rather than risk being refused.
  const discard = (failed: Promise<Producer>) => {
    if (producer === failed) producer = undefined;
    void failed.then((stale) => stale.disconnect()).catch(() => undefined);
  };

  return {
    publish: async (
      messages: readonly CustomerEventMessage[],
      traces: ReadonlyArray<TraceHeaders | undefined> = [],
    ): Promise<void> => {
      if (messages.length === 0) return;
      const current = connected();
      try {
        const open = await current;
        // One after another: each send's sequence numbers follow the one before, so the order holds.
        for (let start = 0; start < messages.length; start += MESSAGES_PER_SEND)
          await open.send({
            topic,
            acks: -1,
            messages: messages
              .slice(start, start + MESSAGES_PER_SEND)
              .map((message, index) => encodeCustomerEvent(message, traces[start + index])),
          });
      } catch (error) {
        discard(current);
        throw error;
      }
    },
    close: async (): Promise<void> => {
      const current = producer;
      producer = undefined;
      const open = await current?.catch(() => undefined);
      await open?.disconnect();
    },
  };
};
