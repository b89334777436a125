import type { CustomerEventMessage } from "@crm/event-contracts";
import { retryUntilDone } from "@crm/retry";
import type { Consumer, EachBatchPayload, Kafka } from "kafkajs";
import {
  BATCH_RETRY_WAITS,
  type ConsumeOptions,
  type CustomerEventBatchHandler,
  type GroupMembership,
  type TraceHeaders,
} from "../customerEventBus.ts";
import { decodeCustomerEvent, traceHeadersOf, UnreadableMessageError } from "./messageCodec.ts";
import { offsetCommits } from "./offsetCommits.ts";

export type GroupMemberSettings = {
  kafka: Kafka;
  topic: string;
  topicReady: () => Promise<void>;
  group: string;
  handler: CustomerEventBatchHandler;
  options: ConsumeOptions;
  /** How long the broker waits for a silent member (a killed process) before handing its partitions on. */
  sessionTimeoutMs: number;
  /** The topic's partitions: the most batches this member handles at once, one per partition. */
  partitions: number;
};

/** A broker that is down is waited for, not given up on: the group would be a member short. */
const REJOIN_WAITS = { firstMs: 100, longestMs: 5_000 };

const tell = (onError: ConsumeOptions["onError"], error: unknown, retryInMs: number, partition?: number) => {
  try {
    onError?.(error, retryInMs, partition);
  } catch {
    // a listener's failure changes nothing about the retry
  }
};

/**
 * One member of a consumer group. A batch is one partition's messages; its offsets are
 * resolved and committed only after the handler succeeded, so a member that fails, leaves
 * or is killed hands the batch to the next one. While the handler works or waits to retry,
 * the member heartbeats, so a long batch is not mistaken for a dead member.
 */
export const joinKafkaGroup = async (settings: GroupMemberSettings): Promise<GroupMembership> => {
  const { kafka, topic, group, handler, options, sessionTimeoutMs } = settings;
  const heartbeatMs = Math.max(300, Math.floor(sessionTimeoutMs / 5));
  const leave = new AbortController();
  let consumer: Consumer | undefined;
  let commits: ReturnType<typeof offsetCommits> | undefined;
  let starting: Promise<void> = Promise.resolve();

  const eachBatch = async ({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload) => {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const messages: CustomerEventMessage[] = [];
    const traces: Array<TraceHeaders | undefined> = [];
    for (const record of batch.messages) {
      try {
        messages.push(decodeCustomerEvent(record.value));
        traces.push(traceHeadersOf(record.headers));
      } catch (cause) {
        // Retrying a record that is not a message cannot help: it is reported and passed over.
        tell(
          options.onError,
          new UnreadableMessageError(batch.partition, record.offset, { cause }),
          0,
          batch.partition,
        );
      }
    }

    // Retries stop when the member leaves, or when a heartbeat fails (a rebalance: the
    // partition may be someone else's now, and the group waits for us to rejoin).
    const giveUp = new AbortController();
    const stopRetrying = () => giveUp.abort();
    leave.signal.addEventListener("abort", stopRetrying, { once: true });
    const keepAlive = setInterval(() => void heartbeat().catch(stopRetrying), heartbeatMs);
    try {
      const done =
        messages.length === 0 ||
        (await retryUntilDone(() => handler(messages, traces), {
          waits: BATCH_RETRY_WAITS,
          signal: giveUp.signal,
          onFailure: (error, retryInMs) => tell(options.onError, error, retryInMs, batch.partition),
        }));
      if (!done) return;
    } finally {
      clearInterval(keepAlive);
      leave.signal.removeEventListener("abort", stopRetrying);
    }
    // The fetch position moves on now; the group's progress once the commit lands, in the background.
    resolveOffset(batch.lastOffset());
    // Given offsets, kafkajs commits them even while the member stops (its own commitOffsets would not).
    const committed = commits?.commit(
      { partition: batch.partition, offset: String(BigInt(batch.lastOffset()) + 1n) },
      (partitions) => commitOffsetsIfNecessary({ topics: [{ topic, partitions }] }),
    );
    // A member leaving commits before it goes, so the next member starts after this batch.
    if (leave.signal.aborted) await committed;
  };

  const start = async () => {
    await settings.topicReady();
    const member = kafka.consumer({
      groupId: group,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: heartbeatMs,
      // Bounds how long a stop waits for a fetch that has nothing to return.
      maxWaitTimeInMs: 1_000,
      allowAutoTopicCreation: false,
    });
    consumer = member;
    commits = offsetCommits({
      leaving: leave.signal,
      onError: (error, retryInMs) => tell(options.onError, error, retryInMs),
    });
    // kafkajs restarts a member after errors it deems retriable; after any other it gives
    // up for good, which would leave the group short of a member with nobody told.
    member.on(member.events.CRASH, ({ payload }) => {
      if (!payload.restart && !leave.signal.aborted) starting = join(payload.error);
    });
    await member.connect();
    await member.subscribe({ topics: [topic], fromBeginning: true });
    await member.run({
      eachBatchAutoResolve: false,
      // Committed by `commits` after each batch is handled (offsetCommits.ts), not by kafkajs.
      autoCommit: false,
      // Each partition's batches one after another (one customer's events stay in order), the
      // partitions side by side: one slow write no longer holds up the other customers.
      partitionsConsumedConcurrently: settings.partitions,
      eachBatch,
    });
  };

  /** Joins, after a failure: the failure is the first failed attempt, told with its wait. */
  const join = async (failedBefore: unknown): Promise<void> => {
    await retryUntilDone(
      async () => {
        await consumer?.disconnect().catch(() => undefined);
        await start();
      },
      { failedBefore, waits: REJOIN_WAITS, signal: leave.signal, onFailure: options.onError },
    );
  };

  // A broker that is down at start is waited for, not a reason to crash the service: the
  // first attempt is awaited, the rejoins after it go on in the background.
  starting = start().catch((error: unknown) => {
    starting = join(error);
  });
  await starting;

  return {
    stop: async () => {
      leave.abort();
      await starting;
      // Commits what was handled, waits for the batch in hand (which commits before it returns),
      // and leaves the group, so the remaining members take over at once instead of after the
      // session timeout.
      await commits?.settled();
      await consumer?.disconnect();
    },
  };
};
