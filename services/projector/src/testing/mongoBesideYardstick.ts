import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedCustomerEvent } from "@crm/domain";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import {
  type AliasedReadStore,
  projectBatch,
  READ_MODEL_PROJECTIONS,
  readAllCustomerEvents,
  withCollectionAliases,
} from "@crm/read-models";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { dropMongoDatabase } from "@crm/test-servers";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { expect } from "vitest";

export type MongoBesideYardstick = {
  /** The history's customer events, in order. */
  events: RecordedCustomerEvent[];
  /** A fresh database, behind the collection aliases as the projector service opens it (openReadStore). */
  mongo: AliasedReadStore;
  database: string;
  /** Every read model on MongoDB equals the one SQLite built from the whole history in one batch. */
  expectEqualToYardstick(): Promise<void>;
};

const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1);

/**
 * A random history of customers, its read models built on SQLite in one batch (a store that
 * always reads first: the yardstick), and a fresh MongoDB database to project it into another
 * way; all of it gone after `run`.
 */
export const withMongoBesideYardstick = async (
  mongoUrl: string,
  history: { seed: number; customers: number; commandsPerCustomer: number },
  run: (fixture: MongoBesideYardstick) => Promise<void>,
): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "crm-beside-yardstick-"));
  const eventStore = openSqliteEventStore({ path: join(dir, "events.sqlite") });
  const yardstick = openSqliteReadStore({ path: join(dir, "read-models.sqlite") });
  const database = `crm_test_${randomUUID().replaceAll("-", "")}`;
  const mongo = await withCollectionAliases(await openMongoReadStore({ url: mongoUrl, database }));
  try {
    await appendRandomHistory(eventStore, seededRandom(history.seed), {
      customers: history.customers,
      commandsPerCustomer: history.commandsPerCustomer,
      start: new Date("2026-03-01T00:00:00.000Z"),
    });
    const events = await readAllCustomerEvents(eventStore);
    await projectBatch(yardstick, READ_MODEL_PROJECTIONS, events);
    await run({
      events,
      mongo,
      database,
      expectEqualToYardstick: async () => {
        for (const { collection } of READ_MODEL_PROJECTIONS) {
          const built = (await yardstick.collection<{ _id: string }>(collection).all()).sort(byId);
          expect((await mongo.collection<{ _id: string }>(collection).all()).sort(byId), collection).toEqual(
            built,
          );
        }
      },
    });
  } finally {
    await mongo.close();
    await yardstick.close();
    await eventStore.close();
    await dropMongoDatabase(mongoUrl, database);
    rmSync(dir, { recursive: true, force: true });
  }
};
