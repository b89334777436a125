import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { expect, it } from "vitest";
import { projectBatch } from "./projectBatch.ts";
import { startProjector } from "./projector.ts";
import { READ_MODEL_PROJECTIONS, readModelCheckpointName } from "./readModelProjections.ts";
import { projectionFixture } from "./testing/projectionFixture.ts";
import { readAllCustomerEvents } from "./viewQueries.ts";

const START = new Date("2025-07-01T00:00:00.000Z");
const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1);

// An upgrade that brings read models the data folder has never had (customer_summaries_v2,
// the follow-up work list...): the projector's checkpoint is named by its read models, so it
// starts again from the first event and fills them, while the ones already there count nothing twice.
it("given a data folder projected by a release with fewer read models, when the projector of a release with more starts, then every read model equals one built from zero", async () => {
  const fixture = projectionFixture();
  const dir = mkdtempSync(join(tmpdir(), "crm-new-read-models-"));
  const fromZero = openSqliteReadStore({ path: join(dir, "read-models.sqlite") });
  try {
    await appendRandomHistory(fixture.eventStore, seededRandom(41), {
      customers: 15,
      commandsPerCustomer: 12,
      start: START,
    });
    const events = await readAllCustomerEvents(fixture.eventStore);
    let last = 0n;
    for await (const event of fixture.eventStore.readAll()) last = event.position;
    const older = READ_MODEL_PROJECTIONS.slice(0, 2);
    expect(readModelCheckpointName(older)).not.toBe(readModelCheckpointName(READ_MODEL_PROJECTIONS));

    const run = async (projections: typeof READ_MODEL_PROJECTIONS) => {
      const projector = startProjector({
        name: readModelCheckpointName(projections),
        eventStore: fixture.eventStore,
        readStore: fixture.readStore,
        projections,
      });
      await projector.caughtUp;
      await projector.waitFor(last);
      await projector.stop();
    };
    await run(older);
    await run(READ_MODEL_PROJECTIONS);

    await projectBatch(fromZero, READ_MODEL_PROJECTIONS, events);
    for (const { collection } of READ_MODEL_PROJECTIONS) {
      const upgraded = (await fixture.readStore.collection<{ _id: string }>(collection).all()).sort(byId);
      const built = (await fromZero.collection<{ _id: string }>(collection).all()).sort(byId);
      expect(upgraded.length, collection).toBeGreaterThan(0);
      expect(upgraded, collection).toEqual(built);
    }
  } finally {
    await fromZero.close();
    await fixture.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
