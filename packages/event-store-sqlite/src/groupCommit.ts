import type { AppendResult } from "@crm/event-store";
import type { AppendRequest, WriteAppends } from "./appendBatch.ts";

export type GroupCommit = {
  append(request: AppendRequest): Promise<AppendResult>;
  /** Resolves once every append asked for so far has been written or refused. */
  drain(): Promise<void>;
};

type Waiting = AppendRequest & { resolve: (result: AppendResult) => void; reject: (error: unknown) => void };

/**
 * Every append must be fsynced before it resolves, and a disk does a few thousand fsyncs a second.
 * Appends asked for while one transaction is being written wait for the next turn of the event
 * loop and share its transaction and fsync, so concurrent writers are not limited by the disk's
 * fsync rate, and a lone writer waits one turn longer.
 */
export const groupCommit = (writeAppends: WriteAppends, onCommitted: () => void): GroupCommit => {
  let waiting: Waiting[] = [];
  let flushed: Promise<void> | null = null;

  const flush = (): void => {
    const batch = waiting;
    waiting = [];
    try {
      const outcomes = writeAppends(batch);
      if (outcomes.some((outcome) => "result" in outcome)) onCommitted();
      for (const [index, outcome] of outcomes.entries()) {
        const append = batch[index]!;
        if ("result" in outcome) append.resolve(outcome.result);
        else append.reject(outcome.refused);
      }
    } catch (error) {
      for (const append of batch) append.reject(error);
    }
  };

  return {
    append(request) {
      return new Promise((resolve, reject) => {
        waiting.push({ ...request, resolve, reject });
        flushed ??= new Promise((done) =>
          setImmediate(() => {
            flushed = null;
            flush();
            done();
          }),
        );
      });
    },
    async drain() {
      await flushed;
    },
  };
};
