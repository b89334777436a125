import { CUSTOMER_EVENTS_TOPIC } from "@crm/event-contracts";
import { Kafka, logLevel } from "kafkajs";
import type { CustomerEventBus, GroupMembership } from "../customerEventBus.ts";
import { DEFAULT_PARTITIONS, ensureTopic, once } from "./customerTopic.ts";
import { joinKafkaGroup } from "./kafkaGroupMember.ts";
import { type BusLogger, kafkaLogsTo } from "./kafkaLogs.ts";
import { kafkaPublisher } from "./kafkaPublisher.ts";

export type KafkaCustomerEventBusOptions = {
  brokers: string[];
  /** Names this process in the broker's logs and quotas, e.g. "crm-relay". */
  clientId: string;
  /** Contract section 6's topic unless told otherwise (tests use a fresh one each). */
  topic?: string;
  /** Partitions of the topic when this bus is the one to create it. */
  partitions?: number;
  /**
   * How long the broker waits for a member that went silent (a killed process) before its
   * partitions go to the others. Shorter means faster recovery, but a member paused longer
   * (a long GC, a blocked event loop) is thrown out. The broker allows 6 s at the least.
   */
  sessionTimeoutMs?: number;
  /** Where kafkajs's warnings and errors go; without one they go to the console. */
  logger?: BusLogger;
};

const DEFAULT_SESSION_TIMEOUT_MS = 30_000;

/** The distributed platform's bus, on a Kafka topic. Connects on first use. */
export const kafkaCustomerEventBus = (options: KafkaCustomerEventBusOptions): CustomerEventBus => {
  const topic = options.topic ?? CUSTOMER_EVENTS_TOPIC;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    ...(options.logger ? { logCreator: kafkaLogsTo(options.logger) } : {}),
  });
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const topicReady = once(() => ensureTopic(kafka, topic, partitions));
  const publisher = kafkaPublisher(kafka, topic, topicReady);
  const memberships = new Set<GroupMembership>();

  return {
    publish: (messages, traces) => publisher.publish(messages, traces),
    consume: async (group, handler, consumeOptions = {}) => {
      const member = await joinKafkaGroup({
        kafka,
        topic,
        topicReady,
        group,
        handler,
        options: consumeOptions,
        sessionTimeoutMs: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
        partitions,
      });
      const membership: GroupMembership = {
        stop: async () => {
          memberships.delete(membership);
          await member.stop();
        },
      };
      memberships.add(membership);
      return membership;
    },
    close: async () => {
      await Promise.all([...memberships].map((membership) => membership.stop()));
      await publisher.close();
    },
  };
};
