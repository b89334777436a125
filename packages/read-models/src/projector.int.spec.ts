import { appendRandomHistory, seededRandom } from "@crm/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { startProjector } from "./projector.ts";
import { PROJECTIONS, projectionFixture } from "./testing/projectionFixture.ts";

const NOW = new Date("2026-06-30T12:00:00.000Z");
const START = new Date("2025-07-01T00:00:00.000Z");

describe("the read-model projector", () => {
  it("given random histories, when the projector is stopped and restarted at random points, then the read model answers as a replay does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (seed, stopAfter, batchSize, reopenBetweenRuns) => {
          const fixture = projectionFixture();
          try {
            await appendRandomHistory(fixture.eventStore, seededRandom(seed), {
              customers: 12,
              commandsPerCustomer: 14,
              start: START,
            });
            const positions: bigint[] = [];
            for await (const event of fixture.eventStore.readAll()) positions.push(event.position);
            const run = () =>
              startProjector({
                name: "read-models",
                eventStore: fixture.eventStore,
                readStore: fixture.readStore,
                projections: PROJECTIONS,
                batchSize,
              });
            for (const count of stopAfter) {
              const projector = run();
              const target = positions[Math.min(count, positions.length) - 1];
              if (target !== undefined) await projector.waitFor(target);
              await projector.stop();
              if (reopenBetweenRuns) await fixture.reopenReadStore();
            }
            const projector = run();
            await projector.caughtUp;
            await projector.waitFor(positions.at(-1) ?? 0n);
            await projector.stop();

            const { stored, rebuilt } = await fixture.factsBothWays();
            expect(stored).toEqual(rebuilt);
            const { readModel, replay } = await fixture.bothPaths(NOW);
            expect(readModel).toEqual(replay);
          } finally {
            await fixture.dispose();
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("given a projected history, when the same events are delivered again, then nothing changes", async () => {
    const fixture = projectionFixture();
    try {
      await appendRandomHistory(fixture.eventStore, seededRandom(7), {
        customers: 8,
        commandsPerCustomer: 10,
        start: START,
      });
      const once = startProjector({
        name: "first",
        eventStore: fixture.eventStore,
        readStore: fixture.readStore,
        projections: PROJECTIONS,
      });
      await once.caughtUp;
      await once.stop();
      const before = await fixture.bothPaths(NOW);
      // A second projector name has no checkpoint: it redelivers every event to the same documents.
      const again = startProjector({
        name: "second",
        eventStore: fixture.eventStore,
        readStore: fixture.readStore,
        projections: PROJECTIONS,
      });
      await again.caughtUp;
      await again.stop();
      expect(await fixture.bothPaths(NOW)).toEqual(before);
      expect(before.readModel.funnel.stages[0]?.reached).toBe(8);
    } finally {
      await fixture.dispose();
    }
  });
});
