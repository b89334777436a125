import { randomUUID } from "node:crypto";
import { afterEach, beforeEach } from "vitest";
import type { EventStore, NewEvent, RecordedEvent } from "../eventStore.ts";

/** A store under test; `reopen` closes it and opens the same storage again, when the adapter can. */
export type OpenedEventStore = {
  store: EventStore;
  reopen?: () => Promise<EventStore>;
  dispose: () => Promise<void>;
};

export type OpenEventStore = () => Promise<OpenedEventStore>;

/**
 * Opens a store before each test and disposes of it after; the getter returns the current one.
 * Any store under test that can be disposed of: the read-store contract uses it too.
 */
export const useOpenedStore = <Opened extends { dispose(): Promise<void> }>(
  open: () => Promise<Opened>,
): (() => Opened) => {
  let opened: Opened | undefined;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });
  return () => {
    if (opened === undefined) throw new Error("the contract's store is only open inside a test");
    return opened;
  };
};

/**
 * A store under test whose `reopen` is what a restarted process does: close it, then `open` the
 * same storage anew. Any store that closes: the read-store contract's adapters use it too.
 */
export const reopenableStore = async <Store extends { close(): Promise<void> }>(
  open: () => Store | Promise<Store>,
) => {
  let store = await open();
  return {
    store,
    reopen: async () => {
      await store.close();
      store = await open();
      return store;
    },
    dispose: () => store.close(),
  };
};

// Every name is new, so the suite can run against a shared server that holds other tests' streams.
export const uniquePrefix = (): string => `contract_${randomUUID().replaceAll("-", "")}-`;
export const uniqueStream = (): string => `${uniquePrefix()}stream`;

export const newEvent = (
  type = "SomethingHappened",
  data: unknown = { at: new Date().toISOString() },
  metadata: Record<string, unknown> = { correlationId: randomUUID() },
): NewEvent => ({ eventId: randomUUID(), type, data, metadata });

export const newEvents = (count: number, type = "SomethingHappened"): NewEvent[] =>
  Array.from({ length: count }, (_, index) => newEvent(type, { index }));

export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
};

/** What a test compares: the fields an appender chose, without the ones the store assigns. */
export const written = (event: RecordedEvent) => ({
  streamName: event.streamName,
  revision: event.revision,
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

export const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
};

export const strictlyIncreasing = (positions: bigint[]): boolean =>
  positions.every((position, index) => index === 0 || position > positions[index - 1]!);
