import type { RecordedCustomerEvent } from "@crm/domain";
import { projectBatch, READ_MODEL_PROJECTIONS } from "@crm/read-models";
import { describeWithServer, mongoServer } from "@crm/test-servers";
import { MongoClient } from "mongodb";
import { expect, it } from "vitest";
import { withMongoBesideYardstick } from "./testing/mongoBesideYardstick.ts";

// On MongoDB every write is numbered by a claim (docs/views.md), each a few FerretDB commits on the
// one SQLite file the projector's writes queue on too. A projector batch writes every read model:
// all of it under one claim, whether the batch makes new customers, updates stored ones (their
// documents read first) or both. Each claim leaves one done marker in read_store__done.

await describeWithServer("projecting a batch into MongoDB under one write claim", mongoServer, (server) => {
  it(
    "given a batch of new leads, then one of updates to them, then one with both, each batch takes one claim and every read model equals one built in one go",
    {
      timeout: 60_000,
    },
    () =>
      withMongoBesideYardstick(
        server.url,
        { seed: 7, customers: 17, commandsPerCustomer: 8 },
        async ({ events, mongo, database, expectEqualToYardstick }) => {
          const client = await new MongoClient(server.url).connect();
          try {
            const done = client.db(database).collection<{ _id: number }>("read_store__done");
            const claimsTaken = async (batch: readonly RecordedCustomerEvent[]) => {
              const [newest] = await done.find().sort({ _id: -1 }).limit(1).toArray();
              await projectBatch(mongo, READ_MODEL_PROJECTIONS, batch);
              return done.countDocuments({ _id: { $gt: newest?._id ?? 0 } });
            };
            const [first, ...customers] = [...new Set(events.map(({ customerId }) => customerId))];
            // The store's first write to a collection waits for its indexes to be created (once per
            // process): the first customer goes first, uncounted.
            await projectBatch(
              mongo,
              READ_MODEL_PROJECTIONS,
              events.filter((event) => event.customerId === first),
            );
            const early = new Set(customers.slice(0, customers.length / 2));

            const leads = events.filter((event) => early.has(event.customerId) && event.revision === 0);
            expect(await claimsTaken(leads), "new leads").toBe(1);
            const updates = events.filter(
              (event) => early.has(event.customerId) && event.revision > 0 && event.revision <= 3,
            );
            expect(updates.length).toBeGreaterThan(early.size);
            expect(await claimsTaken(updates), "updates").toBe(1);
            const both = events.filter((event) => !early.has(event.customerId) || event.revision > 3);
            expect(await claimsTaken(both), "new leads and updates").toBe(1);

            await expectEqualToYardstick();
          } finally {
            await client.close();
          }
        },
      ),
  );
});
