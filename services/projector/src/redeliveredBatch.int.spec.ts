import { auditTrailProjection, projectBatch, READ_MODEL_PROJECTIONS } from "@crm/read-models";
import type { CollectionOptions, ReadModelDocument, ReadStore } from "@crm/read-store";
import { describeWithServer, mongoServer } from "@crm/test-servers";
import { expect, it } from "vitest";
import { withMongoBesideYardstick } from "./testing/mongoBesideYardstick.ts";

// On MongoDB the projector does not read the documents a batch makes (a customer's first event,
// every audit entry): it inserts them. A batch delivered again (a member died before committing
// it, or a relay published from an older checkpoint) then finds them stored, and must end exactly
// where reading first would have: a SQLite read store, which always reads, is the yardstick.

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
  it(
    "given new customers, a first delivery reads none of their documents; delivered again after later events, or with them, every read model equals one built by reading first",
    {
      timeout: 60_000,
    },
    () =>
      withMongoBesideYardstick(
        server.url,
        { seed: 16, customers: 12, commandsPerCustomer: 6 },
        async ({ events, mongo, expectEqualToYardstick }) => {
          const firsts = events.filter((event) => event.revision === 0);

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
          await expectEqualToYardstick();
        },
      ),
  );
});
