import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import type { CustomerFacts } from "@crm/views";
import { replayFacts } from "@crm/views";
import { customerFactsProjection } from "../customerFactsProjection.ts";
import { customerSummaryProjection } from "../customerSummary.ts";
import { readAllCustomerEvents, viewQueries } from "../viewQueries.ts";

export const PROJECTIONS = [customerFactsProjection, customerSummaryProjection];

/** An event store and a read store in a temp folder, reopenable as a restarted process would. */
export const projectionFixture = () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-projection-"));
  const paths = { events: join(dir, "events.sqlite"), readModels: join(dir, "read-models.sqlite") };
  const eventStore = openSqliteEventStore({ path: paths.events });
  let readStore = openSqliteReadStore({ path: paths.readModels });
  return {
    paths,
    eventStore,
    get readStore() {
      return readStore;
    },
    reopenReadStore: async () => {
      await readStore.close();
      readStore = openSqliteReadStore({ path: paths.readModels });
    },
    /** The four views from the read model (no asOf) and by replay (asOf = now): they must agree. */
    bothPaths: async (now: Date) => {
      const queries = viewQueries({ eventStore, readStore, clock: () => now });
      const replayed = viewQueries({ eventStore, readStore, clock: () => now, replayAsOf: true });
      const asOf = { asOf: now.toISOString() };
      return {
        readModel: {
          funnel: await queries.funnel({}),
          lifecycle: await queries.lifecycle({}),
          churn: await queries.churn({}),
          customerValue: await queries.customerValue({}),
        },
        replay: {
          funnel: await replayed.funnel(asOf),
          lifecycle: await replayed.lifecycle(asOf),
          churn: await replayed.churn(asOf),
          customerValue: await replayed.customerValue(asOf),
        },
      };
    },
    /** The facts documents as the read model holds them, and as a rebuild from zero makes them. */
    factsBothWays: async () => {
      const byId = (a: CustomerFacts, b: CustomerFacts) => (a.customerId < b.customerId ? -1 : 1);
      const stored = (
        await readStore.collection<CustomerFacts & { _id: string }>(customerFactsProjection.collection).all()
      )
        .map(({ _id, ...facts }) => facts)
        .sort(byId);
      const rebuilt = replayFacts(await readAllCustomerEvents(eventStore)).sort(byId);
      return { stored, rebuilt };
    },
    dispose: async () => {
      await readStore.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
