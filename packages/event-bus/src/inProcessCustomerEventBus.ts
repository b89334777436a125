import type { CustomerEventMessage } from "@crm/event-contracts";
import { retryUntilDone } from "@crm/retry";
import {
  BATCH_RETRY_WAITS,
  type CustomerEventBus,
  type GroupMembership,
  type TraceHeaders,
} from "./customerEventBus.ts";

const DEFAULT_MAX_BATCH = 500;

type Group = { committed: number; turn: Promise<void> };

/**
 * The embedded platform's bus: one ordered log in memory that every group reads with an
 * offset of its own. Nothing survives the process, which is acceptable because the event
 * store stays the source of truth: pair it with a relay checkpoint that does not outlive
 * the process either, so a restart publishes again what no group had handled.
 */
export const inProcessCustomerEventBus = (options: { maxBatchSize?: number } = {}): CustomerEventBus => {
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH;
  const log: CustomerEventMessage[] = [];
  const traceLog: Array<TraceHeaders | undefined> = [];
  const groups = new Map<string, Group>();
  const memberships = new Set<GroupMembership>();
  let wakeReaders = new Set<() => void>();
  let closed = false;

  const published = (leave: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        wakeReaders.delete(done);
        leave.removeEventListener("abort", done);
        resolve();
      };
      wakeReaders.add(done);
      leave.addEventListener("abort", done, { once: true });
    });

  return {
    publish: async (messages, traces = []) => {
      if (closed) throw new Error("the in-process bus is closed");
      // A round trip through JSON, as over a wire: consumers get their own copies, and a
      // message that could not cross a real broker fails here too.
      messages.forEach((message, index) => {
        log.push(JSON.parse(JSON.stringify(message)) as CustomerEventMessage);
        traceLog.push(traces[index]);
      });
      const woken = wakeReaders;
      wakeReaders = new Set();
      for (const wake of woken) wake();
    },

    consume: async (name, handler, consumeOptions = {}) => {
      if (closed) throw new Error("the in-process bus is closed");
      const group = groups.get(name) ?? { committed: 0, turn: Promise.resolve() };
      groups.set(name, group);
      const leave = new AbortController();

      // Members of one group take turns, so no batch is handled by two of them at once.
      const handleNextBatch = async () => {
        const from = group.committed;
        const batch = log.slice(from, from + maxBatchSize);
        if (batch.length === 0 || leave.signal.aborted) return;
        const traces = traceLog.slice(from, from + maxBatchSize);
        const done = await retryUntilDone(() => handler(batch, traces), {
          waits: BATCH_RETRY_WAITS,
          signal: leave.signal,
          onFailure: consumeOptions.onError,
        });
        if (done) group.committed = from + batch.length;
      };

      const run = async () => {
        while (!leave.signal.aborted) {
          if (group.committed >= log.length) {
            await published(leave.signal);
            continue;
          }
          const turn = group.turn.then(handleNextBatch);
          group.turn = turn.catch(() => undefined);
          await turn;
        }
      };
      const running = run();

      const membership: GroupMembership = {
        stop: async () => {
          leave.abort();
          await running;
          memberships.delete(membership);
        },
      };
      memberships.add(membership);
      return membership;
    },

    close: async () => {
      closed = true;
      await Promise.all([...memberships].map((membership) => membership.stop()));
    },
  };
};
