import { describe, expect, it } from "vitest";
import { WrongExpectedRevisionError } from "../errors.ts";
import type { ExpectedRevision } from "../eventStore.ts";
import { newEvents, type OpenEventStore, uniqueStream, useOpenedStore } from "./contractFixtures.ts";

const WRITERS = 10;

export const concurrencyContract = (open: OpenEventStore): void => {
  describe("concurrent writers", () => {
    const opened = useOpenedStore(open);

    it.each<{ case: string; existing: number; expected: ExpectedRevision }>([
      { case: "a new stream (no_stream)", existing: 0, expected: "no_stream" },
      { case: "an existing stream (exact revision)", existing: 3, expected: 2 },
    ])(
      `let exactly one of ${WRITERS} appends expecting the same revision of $case win`,
      async ({ existing, expected }) => {
        const { store } = opened();
        const stream = uniqueStream();
        if (existing > 0) await store.append(stream, newEvents(existing), { expectedRevision: "no_stream" });
        const batches = Array.from({ length: WRITERS }, () => newEvents(2));

        const outcomes = await Promise.allSettled(
          batches.map((batch) => store.append(stream, batch, { expectedRevision: expected })),
        );

        const winners = outcomes.flatMap((outcome, writer) =>
          outcome.status === "fulfilled" ? [writer] : [],
        );
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === "rejected")
            expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        const winner = batches[winners[0]!]!;
        const recorded = await store.readStream(stream);
        expect(recorded.slice(existing).map((event) => event.eventId)).toEqual(
          winner.map((event) => event.eventId),
        );
        expect(recorded.map((event) => event.revision)).toEqual([...Array(existing + 2).keys()]);
      },
    );

    it(`keeps all ${WRITERS} concurrent appends expecting any, each batch contiguous`, async () => {
      const { store } = opened();
      const stream = uniqueStream();
      const batches = Array.from({ length: WRITERS }, () => newEvents(3));

      await Promise.all(batches.map((batch) => store.append(stream, batch, { expectedRevision: "any" })));

      const recorded = await store.readStream(stream);
      expect(recorded.map((event) => event.revision)).toEqual([...Array(WRITERS * 3).keys()]);
      for (const batch of batches) {
        const start = recorded.findIndex((event) => event.eventId === batch[0]?.eventId);
        expect(recorded.slice(start, start + 3).map((event) => event.eventId)).toEqual(
          batch.map((event) => event.eventId),
        );
      }
    });
  });
};
