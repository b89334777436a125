import {
  type EventStore,
  EventStoreUnavailableError,
  type RecordedEvent,
  runningSubscriptions,
} from "@crm/event-store";
import { type ResolvedEvent, StreamNotFoundError } from "@eventstore/db-client";
import { appendEventsWith } from "./appendEvents.ts";
import { catchUpSubscription } from "./catchUpSubscription.ts";
import { toEventStoreError } from "./esdbErrors.ts";
import { filteredReadAllFrom } from "./filteredReadAll.ts";
import { checkPositionIsOurs } from "./positionCheck.ts";
import { readAllEventsWith } from "./readAllEvents.ts";
import { fromResolvedEvent } from "./recordedEvent.ts";
import { leaseClient } from "./sharedClient.ts";

export type EventStoreDbOptions = {
  /** Where the server is, e.g. `esdb://127.0.0.1:2113?tls=false`; any EventStoreDB/KurrentDB connection string. */
  connectionString: string;
};

/**
 * The event store on an EventStoreDB or KurrentDB server (22.10 or later). Opening connects lazily:
 * a server that cannot be reached shows as EventStoreUnavailableError on the first call.
 */
export const openEventStoreDbStore = ({ connectionString }: EventStoreDbOptions): EventStore => {
  const lease = leaseClient(connectionString);
  const { client } = lease;
  const appendEvents = appendEventsWith(client);
  const readPage = filteredReadAllFrom(client);
  const subscriptions = runningSubscriptions();
  // Calls under way, for close() to let finish before the connection goes.
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  let closing: Promise<void> | undefined;

  const assertOpen = (): void => {
    if (closed) throw new EventStoreUnavailableError("EventStoreDB event store is closed");
  };
  const tracked = <T>(call: Promise<T>): Promise<T> => {
    inFlight.add(call);
    void call.then(
      () => inFlight.delete(call),
      () => inFlight.delete(call),
    );
    return call;
  };
  // Checked per page, so a long readAll stops at close() instead of reading on.
  const readAll = readAllEventsWith((read) => {
    assertOpen();
    return readPage(read);
  });
  const checkPosition = async (position: bigint): Promise<void> => {
    try {
      await checkPositionIsOurs(client, readPage)(position);
    } catch (error) {
      throw toEventStoreError(error, "checking a starting position");
    }
  };

  const readStream = async (stream: string, fromRevision = 0): Promise<RecordedEvent[]> => {
    const read: ResolvedEvent[] = [];
    try {
      // Mapped only once the call is read to its end: a call left half-read would hold up close().
      const from = fromRevision > 0 ? { fromRevision: BigInt(fromRevision) } : {};
      for await (const resolved of client.readStream(stream, from)) read.push(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toEventStoreError(error, `reading ${stream}`, stream);
    }
    return read.map(fromResolvedEvent);
  };

  return {
    async append(stream, events, { expectedRevision }) {
      assertOpen();
      return tracked(appendEvents(stream, events, expectedRevision));
    },
    async readStream(stream, options = {}) {
      assertOpen();
      return tracked(readStream(stream, options.fromRevision));
    },
    async *readAll(options) {
      assertOpen();
      if (options?.after !== undefined) await checkPosition(options.after);
      yield* readAll(options);
    },
    subscribeToAll(handler, options) {
      assertOpen();
      return subscriptions.track(catchUpSubscription({ client, readAll, checkPosition }, handler, options));
    },
    // Subscriptions end first, each after its event in hand (which may still append), then the
    // calls already under way finish: nothing accepted before close() is cut off.
    close() {
      closing ??= (async () => {
        await subscriptions.stopAll();
        closed = true;
        await Promise.allSettled(inFlight);
        await lease.release();
      })();
      return closing;
    },
  };
};
