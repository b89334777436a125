import type { ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { streamCustomerEvents } from "@crm/api";
import { openedPerSuite } from "@crm/testing/specs";
import { expect, it } from "vitest";
import { aSqliteReadStore, startPlatformOn } from "./testing/ownComposition.ts";
import { aLead, apiClient } from "./testing/testPlatform.ts";

// Contract section 11 with issue 14's bound: a reader that stops reading cannot make the
// server buffer the feed for it. Over loopback the kernel's socket buffers hold megabytes,
// so the slow reader is a response whose socket takes 4 KiB and then nothing, as a client
// on a stalled network would: the stream must stop reading events, then let the reader go.

/** A response whose peer stopped reading: it accepts up to its buffer and never drains. */
class StalledResponse extends Writable {
  written = "";
  constructor() {
    super({ highWaterMark: 4 * 1024 });
  }
  writeHead() {
    return this;
  }
  /** Everything the server handed to the socket, taken or buffered. */
  override write(chunk: string): boolean {
    this.written += chunk;
    return super.write(chunk);
  }
  override _write(_chunk: Buffer, _encoding: BufferEncoding, _done: () => void) {
    // `_done` is never called: the bytes never leave, so the buffer never drains.
  }
}

const platform = openedPerSuite(
  async () => {
    const platform = await startPlatformOn(aSqliteReadStore);
    const client = apiClient(platform);
    for (let lead = 0; lead < 60; lead++)
      expect((await client("sales").post("/leads", aLead())).status).toBe(201);
    return platform;
  },
  (platform) => platform.close(),
);

it("given 60 events waiting and a reader whose socket stopped taking bytes, when it streams, then the server writes no further than one event past the full buffer and lets the reader go after the stall limit", async () => {
  const response = new StalledResponse();
  const started = Date.now();
  await streamCustomerEvents(platform.eventStore, response as unknown as ServerResponse, {
    after: undefined,
    settings: { heartbeatMs: 60_000, stalledReaderMs: 500 },
    closing: new AbortController().signal,
  });
  const streamed = response.written.split("\n\n").filter((block) => block.startsWith("id: "));
  expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  // 4 KiB holds a handful of events (about 600 bytes each); the rest were never read from the store.
  expect(streamed.length).toBeGreaterThan(0);
  expect(streamed.length).toBeLessThan(15);
  expect(response.writableLength).toBeLessThan(4 * 1024 + 2_000);
});
