import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedCustomerEvent } from "@crm/domain";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import {
  projectBatch,
  READ_MODEL_PROJECTIONS,
  readAllCustomerEvents,
  withCollectionAliases,
} from "@crm/read-models";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { describeWithServer, dropMongoDatabase, mongoServer } from "@crm/test-servers";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { MongoClient } from "mongodb";
import { expect, it } from "vitest";

// On MongoDB every write is numbered by a claim (docs/views.md), each a few FerretDB commits on the
// one SQLite file the projector's writes queue on too. A projector batch writes every read model:
// all of it under one claim, whether the batch makes new customers, updates stored ones (their
// documents read first) or both. Each claim leaves one done marker in read_store__done.

const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1);

await describeWithServer("projecting a batch into MongoDB under one write claim", mongoServer, (server) => {
  it("given a batch of new leads, then one of updates to them, then one with both, each batch takes one claim and every read model equals one built in one go", {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-one-claim-"));
    const eventStore = openSqliteEventStore({ path: join(dir, "events.sqlite") });
    const yardstick = openSqliteReadStore({ path: join(dir, "read-models.sqlite") });
    const database = `crm_test_${randomUUID().replaceAll("-", "")}`;
    // Behind the collection aliases, as the projector service opens it (openReadStore).
    const mongo = await withCollectionAliases(await openMongoReadStore({ url: server.url, database }));
    const client = await new MongoClient(server.url).connect();
    try {
      await appendRandomHistory(eventStore, seededRandom(7), {
        customers: 16,
        commandsPerCustomer: 8,
        start: new Date("2026-03-01T00:00:00.000Z"),
      });
      const events = await readAllCustomerEvents(eventStore);
      await projectBatch(yardstick, READ_MODEL_PROJECTIONS, events);
      const customers = [...new Set(events.map(({ customerId }) => customerId))];
      const early = new Set(customers.slice(0, customers.length / 2));
      const of = (keep: (event: RecordedCustomerEvent) => boolean) => events.filter(keep);

      const done = client.db(database).collection<{ _id: number }>("read_store__done");
      const claimsTaken = async (batch: readonly RecordedCustomerEvent[]) => {
        const [newest] = await done.find().sort({ _id: -1 }).limit(1).toArray();
        await projectBatch(mongo, READ_MODEL_PROJECTIONS, batch);
        return done.countDocuments({ _id: { $gt: newest?._id ?? 0 } });
      };

      const leads = of((event) => early.has(event.customerId) && event.revision === 0);
      expect(await claimsTaken(leads), "new leads").toBe(1);
      const updates = of((event) => early.has(event.customerId) && event.revision > 0 && event.revision <= 3);
      expect(updates.length).toBeGreaterThan(early.size);
      expect(await claimsTaken(updates), "updates").toBe(1);
      const both = of((event) => !early.has(event.customerId) || event.revision > 3);
      expect(await claimsTaken(both), "new leads and updates").toBe(1);

      for (const { collection } of READ_MODEL_PROJECTIONS) {
        const built = (await yardstick.collection<{ _id: string }>(collection).all()).sort(byId);
        expect((await mongo.collection<{ _id: string }>(collection).all()).sort(byId), collection).toEqual(
          built,
        );
      }
    } finally {
      await client.close();
      await mongo.close();
      await yardstick.close();
      await eventStore.close();
      await dropMongoDatabase(server.url, database);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
