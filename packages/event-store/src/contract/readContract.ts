import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../eventStore.ts";
import {
  collect,
  newEvent,
  newEvents,
  type OpenEventStore,
  strictlyIncreasing,
  uniquePrefix,
  uniqueStream,
  useOpenedStore,
  written,
} from "./contractFixtures.ts";

// Unicode beyond Latin, astral characters, nesting, arrays and every JSON scalar.
const richData = {
  name: "张伟",
  note: "客户投诉：物流延迟 📦，已致电回访。",
  address: { city: "上海市", lines: ["浦东新区", "世纪大道 100 号"], geo: { lat: 31.2304, lng: 121.4737 } },
  tags: ["重要客户", "VIP"],
  amount: 12_345.67,
  negative: -3,
  active: true,
  closedAt: null,
  history: [
    { stage: "lead", at: "2024-01-01T00:00:00.000Z" },
    { stage: "qualified", nested: { deep: [[1, 2], []] } },
  ],
};
const richMetadata = {
  correlationId: "d6e5a2f0-8f7b-4a55-b7a1-0a1e2c3d4e5f",
  actor: { id: "销售-007", role: "sales" },
  command: "记录互动",
  empty: {},
};

export const readContract = (open: OpenEventStore): void => {
  describe("readStream", () => {
    const opened = useOpenedStore(open);

    it("returns an empty array for a stream that does not exist", async () => {
      expect(await opened().store.readStream(uniqueStream())).toEqual([]);
    });

    it("returns a stream's events in revision order, with nothing from other streams", async () => {
      const { store } = opened();
      const [stream, other] = [uniqueStream(), uniqueStream()];
      const first = newEvents(2);
      const second = newEvents(2);
      await store.append(stream, first, { expectedRevision: "no_stream" });
      await store.append(other, newEvents(1), { expectedRevision: "no_stream" });
      await store.append(stream, second, { expectedRevision: 1 });

      const recorded = await store.readStream(stream);

      expect(recorded.map((event) => [event.revision, event.eventId])).toEqual(
        [...first, ...second].map((event, revision) => [revision, event.eventId]),
      );
      expect(recorded.every((event) => typeof event.position === "bigint")).toBe(true);
    });

    it("returns data and metadata exactly as written: Chinese text, emoji, nesting, every JSON type", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      const event = newEvent("互动已记录", richData, richMetadata);
      await store.append(stream, [event], { expectedRevision: "no_stream" });

      const [recorded] = await store.readStream(stream);

      expect(recorded && written(recorded)).toEqual({ ...event, streamName: stream, revision: 0 });
    });

    it("from a revision, returns that event and the ones after it, as a whole read does", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      await store.append(stream, newEvents(4), { expectedRevision: "no_stream" });
      const whole = await store.readStream(stream);

      expect(await store.readStream(stream, { fromRevision: 2 })).toEqual(whole.slice(2));
      expect(await store.readStream(stream, { fromRevision: 0 })).toEqual(whole);
    });

    it("from the revision after the last, returns nothing (a reader that is up to date)", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      await store.append(stream, newEvents(2), { expectedRevision: "no_stream" });

      expect(await store.readStream(stream, { fromRevision: 2 })).toEqual([]);
      expect(await store.readStream(uniqueStream(), { fromRevision: 1 })).toEqual([]);
    });
  });

  describe("readAll", () => {
    const opened = useOpenedStore(open);

    it("returns events in global order across streams, after `after` (exclusive)", async () => {
      const { store } = opened();
      // A marker appended first, so the test reads only what came after it, even on a shared server.
      const marker = uniqueStream();
      const { position: after } = await store.append(marker, [newEvent("Marker")], {
        expectedRevision: "no_stream",
      });
      const [a, b] = [uniqueStream(), uniqueStream()];
      await store.append(a, newEvents(2), { expectedRevision: "no_stream" });
      await store.append(b, newEvents(1), { expectedRevision: "no_stream" });
      await store.append(a, newEvents(1), { expectedRevision: 1 });

      const read = await collect(store.readAll({ after }));
      const ours = read.filter((event) => [marker, a, b].includes(event.streamName));

      expect(ours.map((event) => [event.streamName, event.revision])).toEqual([
        [a, 0],
        [a, 1],
        [b, 0],
        [a, 2],
      ]);
      expect(read.map((event) => event.position)).toSatisfy(strictlyIncreasing);
      expect(read.every((event) => event.position > after)).toBe(true);
    });

    it("starts strictly after the given position", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      await store.append(stream, newEvents(3), { expectedRevision: "no_stream" });
      const [, second, third] = await store.readStream(stream);

      const [next] = await collect(store.readAll({ after: second!.position, streamPrefix: stream }));

      expect(next).toEqual(third);
    });

    it("returns only the streams whose names start with `streamPrefix`, in global order", async () => {
      const { store } = opened();
      const prefix = uniquePrefix();
      const streams = [`${prefix}a`, `${prefix}b`, `${prefix}`];
      const others = [
        prefix.slice(0, -1),
        `x${prefix}a`,
        `${prefix.slice(0, -1)}_a`,
        `${prefix.slice(0, -1)}.a`,
      ];
      for (const stream of [...streams, ...others, streams[0]!]) {
        await store.append(stream, [newEvent()], { expectedRevision: "any" });
      }

      const read = await collect(store.readAll({ streamPrefix: prefix }));

      expect(read.map((event) => [event.streamName, event.revision])).toEqual([
        [`${prefix}a`, 0],
        [`${prefix}b`, 0],
        [`${prefix}`, 0],
        [`${prefix}a`, 1],
      ]);
    });

    it("returns the same events as readStream, field for field", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      await store.append(stream, [newEvent("互动已记录", richData, richMetadata), ...newEvents(2)], {
        expectedRevision: "no_stream",
      });

      expect(await collect(store.readAll({ streamPrefix: stream }))).toEqual(await store.readStream(stream));
    });

    it("reads back a long history completely and in order", async () => {
      const { store } = opened();
      const prefix = uniquePrefix();
      const total = 2_500;
      for (let batch = 0; batch < total / 500; batch += 1) {
        await store.append(`${prefix}${batch % 2}`, newEvents(500), { expectedRevision: "any" });
      }

      const read: RecordedEvent[] = await collect(store.readAll({ streamPrefix: prefix }));

      expect(read).toHaveLength(total);
      expect(read.map((event) => event.position)).toSatisfy(strictlyIncreasing);
    });

    it("returns nothing for a prefix no stream has", async () => {
      expect(await collect(opened().store.readAll({ streamPrefix: uniquePrefix() }))).toEqual([]);
    });
  });
};
