import { describe, expect, it } from "vitest";
import { WrongExpectedRevisionError } from "../errors.ts";
import type { ExpectedRevision } from "../eventStore.ts";
import {
  newEvent,
  newEvents,
  type OpenEventStore,
  strictlyIncreasing,
  uniqueStream,
  useOpenedStore,
  written,
} from "./contractFixtures.ts";

export const appendContract = (open: OpenEventStore): void => {
  describe("append", () => {
    const opened = useOpenedStore(open);

    it.each<ExpectedRevision>(["no_stream", "any", -1])(
      "starts a new stream at revision 0 when expecting %s",
      async (expectedRevision) => {
        const { store } = opened();
        const stream = uniqueStream();
        const event = newEvent();

        const result = await store.append(stream, [event], { expectedRevision });

        expect(result.nextExpectedRevision).toBe(0);
        const [recorded] = await store.readStream(stream);
        expect(recorded).toMatchObject({ streamName: stream, revision: 0, eventId: event.eventId });
        expect(recorded?.position).toBe(result.position);
      },
    );

    it.each<ExpectedRevision>(["any", "stream_exists"])(
      "continues an existing stream when expecting %s",
      async (expectedRevision) => {
        const { store } = opened();
        const stream = uniqueStream();
        await store.append(stream, newEvents(2), { expectedRevision: "no_stream" });

        const result = await store.append(stream, [newEvent()], { expectedRevision });

        expect(result.nextExpectedRevision).toBe(2);
        expect((await store.readStream(stream)).map((event) => event.revision)).toEqual([0, 1, 2]);
      },
    );

    it("continues with the exact revision the previous append returned", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      const first = await store.append(stream, [newEvent()], { expectedRevision: "no_stream" });
      const second = await store.append(stream, [newEvent()], {
        expectedRevision: first.nextExpectedRevision,
      });
      const third = await store.append(stream, newEvents(3), {
        expectedRevision: second.nextExpectedRevision,
      });

      expect([first, second, third].map((result) => result.nextExpectedRevision)).toEqual([0, 1, 4]);
      expect(third.position).toBeGreaterThan(second.position);
    });

    it("appends a batch atomically with contiguous revisions from 0", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      const batch = newEvents(5);

      const result = await store.append(stream, batch, { expectedRevision: "no_stream" });

      const recorded = await store.readStream(stream);
      expect(recorded.map(written)).toEqual(
        batch.map((event, revision) => ({ ...event, streamName: stream, revision })),
      );
      expect(result).toEqual({ nextExpectedRevision: 4, position: recorded[4]?.position });
    });

    describe("refuses a wrong expectation, reporting the actual revision and appending nothing", () => {
      const refusals: Array<{ case: string; existing: number; expected: ExpectedRevision; actual: number }> =
        [
          { case: "no_stream on an existing stream", existing: 2, expected: "no_stream", actual: 1 },
          { case: "an exact revision behind the stream", existing: 3, expected: 1, actual: 2 },
          { case: "an exact revision ahead of the stream", existing: 1, expected: 4, actual: 0 },
          { case: "an exact revision on a missing stream", existing: 0, expected: 0, actual: -1 },
          { case: "-1 on an existing stream", existing: 1, expected: -1, actual: 0 },
          { case: "stream_exists on a missing stream", existing: 0, expected: "stream_exists", actual: -1 },
        ];

      it.each(refusals)("$case", async ({ existing, expected, actual }) => {
        const { store } = opened();
        const stream = uniqueStream();
        if (existing > 0) await store.append(stream, newEvents(existing), { expectedRevision: "no_stream" });
        const before = await store.readStream(stream);

        const refused = store.append(stream, newEvents(2), { expectedRevision: expected });

        await expect(refused).rejects.toThrow(WrongExpectedRevisionError);
        await expect(refused).rejects.toMatchObject({ stream, expected, actual });
        expect(await store.readStream(stream)).toEqual(before);
      });
    });

    it("records a retried append (same event ids, same expectation) once, with the first result", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      await store.append(stream, [newEvent()], { expectedRevision: "no_stream" });
      const batch = newEvents(2);

      const first = await store.append(stream, batch, { expectedRevision: 0 });
      const retried = await store.append(stream, batch, { expectedRevision: 0 });

      expect(retried).toEqual(first);
      expect((await store.readStream(stream)).map((event) => event.eventId)).toEqual([
        expect.any(String),
        batch[0]?.eventId,
        batch[1]?.eventId,
      ]);
    });

    it("records a retried no_stream append once", async () => {
      const { store } = opened();
      const stream = uniqueStream();
      const batch = newEvents(2);

      const first = await store.append(stream, batch, { expectedRevision: "no_stream" });
      const retried = await store.append(stream, batch, { expectedRevision: "no_stream" });

      expect(retried).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it("gives every later event a larger position, within a batch and across streams", async () => {
      const { store } = opened();
      const streams = [uniqueStream(), uniqueStream()];
      const lastPositions: bigint[] = [];
      for (let round = 0; round < 3; round += 1) {
        for (const stream of streams) {
          const result = await store.append(stream, newEvents(2), { expectedRevision: "any" });
          lastPositions.push(result.position);
        }
      }

      expect(lastPositions).toSatisfy(strictlyIncreasing);
      for (const stream of streams) {
        expect((await store.readStream(stream)).map((event) => event.position)).toSatisfy(strictlyIncreasing);
      }
    });
  });
};
