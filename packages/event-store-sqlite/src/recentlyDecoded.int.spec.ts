import { randomUUID } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import type { RecordedEvent } from "@crm/event-store";
import { newEvents } from "@crm/event-store/contract";
import { afterEach, describe, expect, it } from "vitest";
import { PAGE_SIZE } from "./readAllEvents.ts";
import { openTemporaryStore } from "./temporaryStore.ts";

// The events decoded last are handed to the next reader of the same rows (recentlyDecoded.ts):
// frozen, so one reader cannot change what another reads, and only while the row's text is the
// one decoded.

const collected = async (events: AsyncIterable<RecordedEvent>) => {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
};

describe("sqlite event store, rows read again", () => {
  const disposals: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const dispose of disposals.splice(0)) await dispose();
  });

  it("given two readers of the same new events, then both get them, and neither can change them for the other", async () => {
    const opened = await openTemporaryStore();
    disposals.push(opened.dispose);
    const stream = `crm-customer-${randomUUID()}`;
    await opened.store.append(stream, newEvents(2), { expectedRevision: "no_stream" });

    const first = await collected(opened.store.readAll());
    const [read] = await opened.store.readStream(stream);

    expect((await collected(opened.store.readAll())).map((event) => event.eventId)).toEqual(
      first.map((event) => event.eventId),
    );
    expect(() => {
      (read as { metadata: Record<string, unknown> }).metadata.correlationId = "changed";
    }).toThrow(TypeError);
    expect(() => {
      (read as { type: string }).type = "Changed";
    }).toThrow(TypeError);
  });

  it("given a reader catching up from far behind, then the full pages it reads are its own, and only the head is shared", async () => {
    const opened = await openTemporaryStore();
    disposals.push(opened.dispose);
    await opened.store.append(`crm-customer-${randomUUID()}`, newEvents(PAGE_SIZE + 1), {
      expectedRevision: "no_stream",
    });

    const read = await collected(opened.store.readAll());

    expect(read).toHaveLength(PAGE_SIZE + 1);
    expect(read.slice(0, PAGE_SIZE).some((event) => Object.isFrozen(event))).toBe(false);
    expect(Object.isFrozen(read.at(-1))).toBe(true);
  });

  it("given a row rewritten in place (a migration), then the next read decodes the new text", async () => {
    const opened = await openTemporaryStore();
    disposals.push(opened.dispose);
    const stream = `crm-customer-${randomUUID()}`;
    await opened.store.append(stream, newEvents(1), { expectedRevision: "no_stream" });
    await opened.store.readStream(stream);

    const file = new DatabaseSync(opened.path);
    try {
      file
        .prepare("UPDATE events SET data = ? WHERE stream_name = ?")
        .run(JSON.stringify({ note: "rewritten" }), stream);
    } finally {
      file.close();
    }

    expect((await opened.store.readStream(stream)).map((event) => event.data)).toEqual([
      { note: "rewritten" },
    ]);
  });
});
