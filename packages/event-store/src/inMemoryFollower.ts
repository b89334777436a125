import { type EventBatches, startEventBatches } from "./eventBatches.ts";
import type { EventStore, RecordedEvent } from "./eventStore.ts";
import { inMemoryCheckpoints } from "./inMemoryCheckpoints.ts";

/**
 * A subscriber whose state lives in memory (the duplicate review queue, which is also the
 * organisation directory): so does its checkpoint, so a new process reads from the first event and a restart in
 * the same process resumes where it was. It hands on the events of the types it follows, in order.
 */
export const startInMemoryFollower = (deps: {
  name: string;
  eventStore: EventStore;
  streamPrefix: string;
  types: ReadonlySet<string>;
  apply: (event: RecordedEvent) => void;
  onError?: (error: unknown, retryInMs: number) => void;
}): EventBatches =>
  startEventBatches({
    name: deps.name,
    eventStore: deps.eventStore,
    checkpoints: inMemoryCheckpoints(),
    streamPrefix: deps.streamPrefix,
    batchSize: 1_000,
    handle: async (batch) => {
      for (const event of batch) if (deps.types.has(event.type)) deps.apply(event);
    },
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
