import { EventStoreUnavailableError, WrongExpectedRevisionError } from "./errors.ts";
import type { AppendResult, EventStore, NewEvent, ReadAllOptions, RecordedEvent } from "./eventStore.ts";
import { expectationHolds, expectedFirstRevision } from "./expectation.ts";
import { reportSubscriptionFailure } from "./subscriptionFailure.ts";

// The event store in a process's memory, for specifications of the application layer that
// run in milliseconds (no file, no server). It passes the same contract suite as SQLite and
// EventStoreDB. Data and metadata are kept as JSON text, as the real stores keep them, so a
// reader never shares an object with the writer and gets back exactly what a real store gives.

type StoredEvent = Omit<RecordedEvent, "data" | "metadata"> & { data: string; metadata: string };

const recorded = (event: StoredEvent): RecordedEvent => ({
  ...event,
  data: JSON.parse(event.data),
  metadata: JSON.parse(event.metadata),
});

export const inMemoryEventStore = (): EventStore => {
  // Position n is log[n - 1]: positions start at 1 and grow by one per event.
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const byEventId = new Map<string, StoredEvent>();
  let appended = new Set<() => void>();
  const subscriptions = new Set<{ stop(): Promise<void> }>();
  let closed = false;

  const open = (what: string) => {
    if (closed) throw new EventStoreUnavailableError(`${what}: the in-memory event store is closed`);
  };

  // A retried write (same event ids, in this stream, in order, where the expectation put them)
  // already happened: its result is reported instead of a refusal or a duplicate.
  const earlierWrite = (stream: string, events: NewEvent[], expected: number | null): AppendResult | null => {
    let first = expected;
    let last: StoredEvent | undefined;
    for (const [index, event] of events.entries()) {
      const found = byEventId.get(event.eventId);
      if (found === undefined || found.streamName !== stream) return null;
      first ??= found.revision;
      if (found.revision !== first + index) return null;
      last = found;
    }
    return last === undefined ? null : { nextExpectedRevision: last.revision, position: last.position };
  };

  const wakeSubscribers = () => {
    const woken = appended;
    appended = new Set();
    for (const wake of woken) wake();
  };

  return {
    async append(stream, events, { expectedRevision }) {
      open("appending events");
      const existing = streams.get(stream) ?? [];
      const actual = existing.length - 1;
      if (
        !expectationHolds(expectedRevision, actual) ||
        events.some((event) => byEventId.has(event.eventId))
      ) {
        const earlier = earlierWrite(stream, events, expectedFirstRevision(expectedRevision));
        if (earlier) return earlier;
        throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
      }
      const stored = events.map(
        (event, index): StoredEvent => ({
          streamName: stream,
          revision: actual + 1 + index,
          position: BigInt(log.length + 1 + index),
          eventId: event.eventId,
          type: event.type,
          // JSON has no undefined: an event without data is stored, and read back, as null.
          data: JSON.stringify(event.data ?? null),
          metadata: JSON.stringify(event.metadata),
        }),
      );
      for (const event of stored) byEventId.set(event.eventId, event);
      log.push(...stored);
      streams.set(stream, [...existing, ...stored]);
      wakeSubscribers();
      const last = stored.at(-1);
      return { nextExpectedRevision: actual + events.length, position: last?.position ?? BigInt(log.length) };
    },

    async readStream(stream, options = {}) {
      open("reading a stream");
      return (streams.get(stream) ?? []).slice(options.fromRevision ?? 0).map(recorded);
    },

    async *readAll(options: ReadAllOptions = {}) {
      open("reading all events");
      for (let index = Number(options.after ?? 0n); index < log.length; index += 1) {
        const event = log[index];
        if (event && (!options.streamPrefix || event.streamName.startsWith(options.streamPrefix)))
          yield recorded(event);
      }
    },

    subscribeToAll(handler, options = {}) {
      const stopping = new AbortController();
      const nextAppend = () =>
        new Promise<void>((resolve) => {
          if (stopping.signal.aborted) return resolve();
          appended.add(resolve);
          stopping.signal.addEventListener("abort", () => resolve(), { once: true });
        });
      const deliver = async () => {
        let next = Number(options.after ?? 0n);
        let caughtUp = false;
        while (!stopping.signal.aborted) {
          open("subscribing");
          while (next < log.length && !stopping.signal.aborted) {
            const event = log[next];
            next += 1;
            if (event && (!options.streamPrefix || event.streamName.startsWith(options.streamPrefix)))
              await handler(recorded(event));
          }
          if (!caughtUp && !stopping.signal.aborted) {
            caughtUp = true;
            options.onCaughtUp?.();
          }
          if (next >= log.length) await nextAppend();
        }
      };
      // Started on the next tick, like the real stores: a subscriber never sees an event
      // before subscribeToAll has returned.
      const ended = new Promise((resolve) => setImmediate(resolve))
        .then(deliver)
        .catch((error: unknown) => reportSubscriptionFailure(error, options.onError));
      const subscription = {
        stop: async () => {
          stopping.abort();
          await ended;
          subscriptions.delete(subscription);
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async close() {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
    },
  };
};
