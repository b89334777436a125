import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startChild } from "./childProcess.ts";
import { type LoadResult, runLoad } from "./httpLoad.ts";
import { percentile } from "./percentiles.ts";
import { BENCH_API_KEY, type ServerReady } from "./serverProtocol.ts";

// Benchmark 5: events over HTTP (contract section 11) beside the command rate. While the
// command mix loads the embedded platform, `readers` consumers follow GET /events/stream and
// one webhook subscriber receives every event. Each event's delay is measured from its
// recordedAt (the server's clock, the same machine) to its arrival at each consumer. After
// the load, the run waits until every consumer has every event, so "all delivered" is checked
// and the drain time shows how far behind they fell.

export type DeliveryMeasure = {
  events: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  drainedMs: number;
};
export type EventDeliveryResult = {
  load: LoadResult;
  appended: number;
  sse: DeliveryMeasure & { readers: number; eventsPerSecond: number; complete: boolean };
  webhook: DeliveryMeasure & { deliveriesPerSecond: number; complete: boolean };
};

const DRAIN_LIMIT_MS = 120_000;
const round = (ms: number) => Math.round(ms * 10) / 10;

type Consumer = { received: number; delays: number[]; lastAt: number };
const consumer = (): Consumer => ({ received: 0, delays: [], lastAt: 0 });
const arrived = (into: Consumer, recordedAt: string) => {
  const now = Date.now();
  into.received += 1;
  into.delays.push(now - Date.parse(recordedAt));
  into.lastAt = now;
};

const follow = async (url: string, into: Consumer, stop: AbortSignal) => {
  const response = await fetch(`${url}/api/v1/events/stream`, {
    headers: { authorization: `Bearer ${BENCH_API_KEY}` },
    signal: stop,
  });
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for await (const chunk of response.body ?? []) {
      pending += decoder.decode(chunk as Uint8Array, { stream: true });
      let boundary = pending.indexOf("\n\n");
      while (boundary >= 0) {
        const data = pending
          .slice(0, boundary)
          .split("\n")
          .find((line) => line.startsWith("data: "));
        pending = pending.slice(boundary + 2);
        boundary = pending.indexOf("\n\n");
        if (data) arrived(into, (JSON.parse(data.slice(6)) as { recordedAt: string }).recordedAt);
      }
    }
  } catch {
    // stopped
  }
};

const measure = (consumers: Consumer[], loadEnded: number): DeliveryMeasure => {
  const delays = consumers.flatMap((one) => one.delays).sort((a, b) => a - b);
  return {
    events: delays.length,
    p50Ms: round(percentile(delays, 50)),
    p99Ms: round(percentile(delays, 99)),
    maxMs: round(delays.at(-1) ?? 0),
    drainedMs: Math.max(0, Math.max(...consumers.map((one) => one.lastAt)) - loadEnded),
  };
};

export const eventDelivery = async (
  readers: number,
  clients: number,
  seconds: number,
): Promise<EventDeliveryResult> => {
  const server = await startChild<ServerReady>("commandServer.ts", ["platform"]);
  const { url } = server.ready;
  const headers = { "content-type": "application/json", authorization: `Bearer ${BENCH_API_KEY}` };
  const hook = consumer();
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      arrived(
        hook,
        (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { recordedAt: string }).recordedAt,
      );
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const stop = new AbortController();
  try {
    const registered = await fetch(`${url}/api/v1/webhooks`, {
      method: "POST",
      headers,
      body: JSON.stringify({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events` }),
    });
    if (registered.status !== 201) throw new Error(`webhook registration answered ${registered.status}`);
    const streams = Array.from({ length: readers }, consumer);
    const following = streams.map((one) => follow(url, one, stop.signal));

    const load = await runLoad(url, BENCH_API_KEY, clients, seconds);
    const loadEnded = Date.now();
    let appended = 0;
    for (let after: string | undefined, page = true; page; ) {
      const reply = (await (
        await fetch(`${url}/api/v1/events?limit=1000${after ? `&after=${after}` : ""}`, { headers })
      ).json()) as { items: unknown[]; next: string };
      appended += reply.items.length;
      page = reply.items.length > 0;
      after = reply.next;
    }
    const deadline = loadEnded + DRAIN_LIMIT_MS;
    const everyone = [...streams, hook];
    while (everyone.some((one) => one.received < appended) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    stop.abort();
    await Promise.all(following);

    const sse = measure(streams, loadEnded);
    const webhook = measure([hook], loadEnded);
    const activeSeconds = (ms: number) => Math.max(1, load.seconds * 1_000 + ms) / 1_000;
    return {
      load,
      appended,
      sse: {
        ...sse,
        readers,
        eventsPerSecond: Math.round(sse.events / activeSeconds(sse.drainedMs)),
        complete: streams.every((one) => one.received === appended),
      },
      webhook: {
        ...webhook,
        deliveriesPerSecond: Math.round(webhook.events / activeSeconds(webhook.drainedMs)),
        complete: hook.received >= appended,
      },
    };
  } finally {
    stop.abort();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await server.stop();
  }
};
