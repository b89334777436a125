import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import {
  auditTrailProjection,
  projectBatch,
  READ_MODEL_PROJECTIONS,
  readAllCustomerEvents,
  withCollectionAliases,
} from "@crm/read-models";
import type { CollectionOptions, ReadModelDocument, ReadStore } from "@crm/read-store";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { describeWithServer, dropMongoDatabase, mongoServer } from "@crm/test-servers";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { expect, it } from "vitest";

// On MongoDB the projector does not read the documents a batch makes (a customer's first event,
// every audit entry): it inserts them. A batch delivered again (a member died before committing
// it, or a relay published from an older checkpoint) then finds them stored, and must end exactly
// where reading first would have: a SQLite read store, which always reads, is the yardstick.

const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1);

/** The read store, with the ids each collection was asked for by getMany. */
const askedFor = (store: ReadStore) => {
  const asked = new Map<string, string[]>();
  const wrapped: ReadStore = {
    ...store,
    collection: <T extends ReadModelDocument>(name: string, options?: CollectionOptions) => {
      const collection = store.collection<T>(name, options);
      return {
        ...collection,
        getMany: (ids: readonly string[]) => {
          asked.set(name, [...(asked.get(name) ?? []), ...ids]);
          return collection.getMany(ids);
        },
      };
    },
  };
  return { store: wrapped, asked };
};

await describeWithServer("projecting into MongoDB without reading new documents", mongoServer, (server) => {
  it("given new customers, a first delivery reads none of their documents; delivered again after later events, or with them, every read model equals one built by reading first", {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-redelivered-"));
    const eventStore = openSqliteEventStore({ path: join(dir, "events.sqlite") });
    const yardstick = openSqliteReadStore({ path: join(dir, "read-models.sqlite") });
    const database = `crm_test_${randomUUID().replaceAll("-", "")}`;
    // Behind the collection aliases, as the projector service opens it (openReadStore).
    const mongo = await withCollectionAliases(await openMongoReadStore({ url: server.url, database }));
    try {
      await appendRandomHistory(eventStore, seededRandom(16), {
        customers: 12,
        commandsPerCustomer: 6,
        start: new Date("2026-03-01T00:00:00.000Z"),
      });
      const events = await readAllCustomerEvents(eventStore);
      const firsts = events.filter((event) => event.revision === 0);
      await projectBatch(yardstick, READ_MODEL_PROJECTIONS, events);

      const { store, asked } = askedFor(mongo);
      await projectBatch(store, READ_MODEL_PROJECTIONS, firsts);
      const newCustomers = new Set(firsts.map((event) => event.customerId));
      for (const [collection, ids] of asked)
        expect(
          ids.filter((id) => newCustomers.has(id)),
          collection,
        ).toEqual([]);

      // All of it again, first events included: the stored documents are older than the batch.
      await projectBatch(store, READ_MODEL_PROJECTIONS, events);
      // And the first events once more: the stored documents are newer than the batch.
      await projectBatch(store, READ_MODEL_PROJECTIONS, firsts);

      expect(await mongo.collection(auditTrailProjection.collection).count()).toBe(events.length);
      for (const { collection } of READ_MODEL_PROJECTIONS) {
        const built = (await yardstick.collection<{ _id: string }>(collection).all()).sort(byId);
        expect((await mongo.collection<{ _id: string }>(collection).all()).sort(byId), collection).toEqual(
          built,
        );
      }
    } finally {
      await mongo.close();
      await yardstick.close();
      await eventStore.close();
      await dropMongoDatabase(server.url, database);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
