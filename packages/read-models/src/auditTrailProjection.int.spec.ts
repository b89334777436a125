import { provenanceOf } from "@crm/domain";
import type { CollectionOptions, ReadModelDocument, ReadStore } from "@crm/read-store";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { describe, expect, it } from "vitest";
import { auditReadModel, auditTrail } from "./auditTrail.ts";
import { type AuditEntry, auditTrailProjection } from "./auditTrailProjection.ts";
import { projectBatch } from "./projectBatch.ts";
import { startProjector } from "./projector.ts";
import { PROJECTIONS, projectionFixture } from "./testing/projectionFixture.ts";
import { readAllCustomerEvents } from "./viewQueries.ts";

// The audit trail is a read model keyed per event, run by the same projector and
// batching as the per-customer ones, beside them.

const START = new Date("2025-07-01T00:00:00.000Z");
const projections = [...PROJECTIONS, auditTrailProjection];

const project = async (fixture: ReturnType<typeof projectionFixture>, name: string, batchSize?: number) => {
  const projector = startProjector({
    name,
    eventStore: fixture.eventStore,
    readStore: fixture.readStore,
    projections,
    ...(batchSize === undefined ? {} : { batchSize }),
  });
  await projector.caughtUp;
  await projector.stop();
};

const entries = (fixture: ReturnType<typeof projectionFixture>) =>
  fixture.readStore.collection<AuditEntry>(auditTrailProjection.collection).all();

/** The whole trail as the API pages it, from the store. */
const trail = (fixture: ReturnType<typeof projectionFixture>) =>
  auditTrail(auditReadModel(fixture.readStore.collection<AuditEntry>(auditTrailProjection.collection)), {
    limit: 10_000,
  });

/** A fixture holding a random history, given to `use` and disposed after. */
const withHistory = async (
  seed: number,
  customers: number,
  commandsPerCustomer: number,
  use: (fixture: ReturnType<typeof projectionFixture>) => Promise<void>,
) => {
  const fixture = projectionFixture();
  try {
    await appendRandomHistory(fixture.eventStore, seededRandom(seed), {
      customers,
      commandsPerCustomer,
      start: START,
    });
    await use(fixture);
  } finally {
    await fixture.dispose();
  }
};

describe("the audit trail projection", () => {
  it("given a history, when projected in small batches, then one entry per event, keyed customerId:revision, with its metadata", async () => {
    await withHistory(11, 6, 12, async (fixture) => {
      await project(fixture, "read-models", 7);
      const events = await readAllCustomerEvents(fixture.eventStore);

      const byId = new Map((await entries(fixture)).map((entry) => [entry._id, entry]));
      expect(byId.size).toBe(events.length);
      for (const event of events)
        expect(byId.get(`${event.customerId}:${event.revision}`)).toEqual({
          _id: `${event.customerId}:${event.revision}`,
          customerId: event.customerId,
          ...provenanceOf(event),
          eventId: event.metadata.eventId,
        });
      // The per-customer read models beside it are unaffected.
      const { stored, rebuilt } = await fixture.factsBothWays();
      expect(stored).toEqual(rebuilt);
    });
  });

  it("given a projected history, when every event is delivered again, then the same entries and the same trail", async () => {
    await withHistory(5, 5, 8, async (fixture) => {
      await project(fixture, "first");
      const before = await entries(fixture);
      const trailBefore = await trail(fixture);
      // A projector with no checkpoint redelivers everything; so does one batch holding duplicates.
      await project(fixture, "second");
      const events = await readAllCustomerEvents(fixture.eventStore);
      await projectBatch(fixture.readStore, [auditTrailProjection], [...events, ...events]);

      const after = await entries(fixture);
      expect(after).toHaveLength(before.length);
      expect(await trail(fixture)).toEqual(trailBefore);
    });
  });

  it("given a projected history, when projected again, then the trail is written without reading its entries back", async () => {
    await withHistory(31, 4, 9, async (fixture) => {
      await project(fixture, "first");
      const before = await trail(fixture);
      // An entry depends on its event alone: a store whose trail cannot be read back still projects
      // it (so a million entries are never loaded into memory to be compared with themselves).
      const unreadable: ReadStore = {
        ...fixture.readStore,
        collection: <T extends ReadModelDocument>(name: string, options?: CollectionOptions) => {
          const collection = fixture.readStore.collection<T>(name, options);
          if (name !== auditTrailProjection.collection) return collection;
          return {
            ...collection,
            getMany: async () => {
              throw new Error("the audit trail was read back");
            },
          };
        },
      };
      const events = await readAllCustomerEvents(fixture.eventStore);
      await projectBatch(unreadable, [auditTrailProjection], events);

      expect(await trail(fixture)).toEqual(before);
    });
  });

  it("given the read store lost, when projected again from the first event, then the trail is rebuilt as it was", async () => {
    await withHistory(23, 4, 9, async (fixture) => {
      await project(fixture, "read-models");
      const before = await trail(fixture);
      await fixture.readStore.collection(auditTrailProjection.collection).clear();
      await fixture.readStore.resetCheckpoint("read-models");
      await project(fixture, "read-models");

      expect(await trail(fixture)).toEqual(before);
    });
  });
});
