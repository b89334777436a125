import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import { customerEventMessageOf } from "@crm/event-contracts";
import type { EventStore } from "@crm/event-store";

// Contract section 11: the feed as Server-Sent Events. `id:` is the event's position, so a
// client that lost its connection sends it back as Last-Event-ID and misses nothing. The
// history after that position comes first, then live events, from one catch-up
// subscription. A slow reader holds the subscription back instead of growing a queue: the
// next event is read only once the socket took the last one, and a reader that takes
// nothing for STALLED_READER_MS is disconnected (it resumes from its last id).

export type EventStreamSettings = {
  /** A comment line at this interval keeps proxies from closing a quiet connection. */
  heartbeatMs: number;
  /** A reader whose socket stays full this long is let go. */
  stalledReaderMs: number;
};

export const EVENT_STREAM_DEFAULTS: EventStreamSettings = { heartbeatMs: 15_000, stalledReaderMs: 30_000 };

/** How long a client waits before reconnecting (the SSE `retry:` field). */
const RECONNECT_MS = 2_000;

/** Streams into a response the caller has taken over; resolves once the stream ended. */
export const streamCustomerEvents = async (
  eventStore: EventStore,
  response: ServerResponse,
  options: { after: bigint | undefined; settings: EventStreamSettings; closing: AbortSignal },
): Promise<void> => {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    // Tells nginx-like proxies not to buffer the stream.
    "x-accel-buffering": "no",
  });
  response.write(`retry: ${RECONNECT_MS}\n\n`);

  const ended = new AbortController();
  const end = () => ended.abort();
  response.once("close", end);
  options.closing.addEventListener("abort", end, { once: true });

  /** Writes, and when the socket is full waits for it to drain, or gives up on a stalled reader. */
  const send = async (text: string) => {
    if (ended.signal.aborted || response.write(text)) return;
    const stalled = AbortSignal.timeout(options.settings.stalledReaderMs);
    try {
      await once(response, "drain", { signal: AbortSignal.any([stalled, ended.signal]) });
    } catch {
      end();
    }
  };

  const heartbeat = setInterval(() => {
    // Only into an idle socket: a full one already tells the reader the connection lives.
    if (response.writableNeedDrain || ended.signal.aborted) return;
    response.write(": heartbeat\n\n");
  }, options.settings.heartbeatMs);

  const subscription = eventStore.subscribeToAll(
    async (stored) => {
      if (ended.signal.aborted) return;
      const message = customerEventMessageOf(stored);
      if (message) await send(`id: ${message.position}\ndata: ${JSON.stringify(message)}\n\n`);
    },
    {
      streamPrefix: CUSTOMER_STREAM_PREFIX,
      ...(options.after === undefined ? {} : { after: options.after }),
      // The store went away: the client reconnects with its last id once it is back.
      onError: end,
    },
  );

  if (!ended.signal.aborted) await once(ended.signal, "abort");
  clearInterval(heartbeat);
  options.closing.removeEventListener("abort", end);
  await subscription.stop();
  response.end();
};
