import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CUSTOMER_STREAM_PREFIX } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
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

/** The random histories book no follow-ups: one per customer, every other one completed. */
const appendFollowUps = async (store: EventStore) => {
  const streams = new Set<string>();
  for await (const event of store.readAll())
    if (event.streamName.startsWith(CUSTOMER_STREAM_PREFIX)) streams.add(event.streamName);
  let index = 0;
  for (const stream of streams) {
    const revision = (await store.readStream(stream)).length - 1;
    const followUpId = randomUUID();
    const at = new Date(START.getTime() + 400 * 86_400_000 + index * 60_000).toISOString();
    const metadata = { occurredAt: at, recordedAt: at, actor: { id: "sales-test", role: "sales" } };
    const scheduled = {
      eventId: randomUUID(),
      type: "FollowUpScheduled",
      data: { schemaVersion: 1, followUpId, title: "Call back", dueAt: at, assigneeId: "rep-1", note: null },
      metadata,
    };
    const completed = {
      eventId: randomUUID(),
      type: "FollowUpCompleted",
      data: { schemaVersion: 1, followUpId, outcome: null, note: null },
      metadata,
    };
    await store.append(stream, index % 2 === 0 ? [scheduled, completed] : [scheduled], {
      expectedRevision: revision,
    });
    index += 1;
  }
};

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
    await appendFollowUps(fixture.eventStore);
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
