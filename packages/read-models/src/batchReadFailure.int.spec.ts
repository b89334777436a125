import {
  type CollectionOptions,
  type ReadModelDocument,
  type ReadStore,
  ReadStoreUnavailableError,
} from "@crm/read-store";
import { appendRandomHistory, seededRandom } from "@crm/testing";
import { expect, it } from "vitest";
import { customerSummaryProjection } from "./customerSummary.ts";
import { projectBatch } from "./projectBatch.ts";
import { PROJECTIONS, projectionFixture } from "./testing/projectionFixture.ts";
import { readAllCustomerEvents } from "./viewQueries.ts";

// A batch's read models are all read before any is written: a read that fails (the store lost
// mid-batch) leaves every read model as it was, and the batch, tried again, writes them all.

/** The store, losing the summaries' documents on their read, a turn after it was asked. */
const summariesLost = (store: ReadStore): ReadStore => ({
  ...store,
  collection: <T extends ReadModelDocument>(name: string, options?: CollectionOptions) => {
    const collection = store.collection<T>(name, options);
    if (name !== customerSummaryProjection.collection) return collection;
    return {
      ...collection,
      getMany: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new ReadStoreUnavailableError("the summaries were lost while read");
      },
    };
  },
});

const HISTORY = { customers: 6, commandsPerCustomer: 6, start: new Date("2025-07-01T00:00:00.000Z") };

it("given one read model's documents lost while a batch reads them, when it is projected, then it fails writing no read model, and tried again writes them all", async () => {
  const fixture = projectionFixture();
  try {
    await appendRandomHistory(fixture.eventStore, seededRandom(5), HISTORY);
    const events = await readAllCustomerEvents(fixture.eventStore);
    const marks = () =>
      Promise.all(PROJECTIONS.map(({ collection }) => fixture.readStore.collection(collection).changeMark()));
    const before = await marks();

    await expect(projectBatch(summariesLost(fixture.readStore), PROJECTIONS, events)).rejects.toThrow(
      ReadStoreUnavailableError,
    );
    expect(await marks()).toEqual(before);

    await projectBatch(fixture.readStore, PROJECTIONS, events);
    const { stored, rebuilt } = await fixture.factsBothWays();
    expect(stored).toEqual(rebuilt);
    expect(await fixture.readStore.collection(customerSummaryProjection.collection).count()).toBe(6);
  } finally {
    await fixture.dispose();
  }
});
