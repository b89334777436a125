import { describe } from "vitest";
import { appendContract } from "./appendContract.ts";
import { concurrencyContract } from "./concurrencyContract.ts";
import type { OpenEventStore } from "./contractFixtures.ts";
import { durabilityContract } from "./durabilityContract.ts";
import { readContract } from "./readContract.ts";
import { subscriptionContract } from "./subscriptionContract.ts";

export type { OpenEventStore, OpenedEventStore } from "./contractFixtures.ts";

/**
 * The behaviours every EventStore adapter must show, as one vitest suite. `open` is called
 * before each test; the tests use fresh stream names only, so a shared server is fine.
 * Give `reopen` (close, then open the same storage) to also check that writes survive a restart.
 */
export const eventStoreContract = (name: string, open: OpenEventStore): void => {
  describe(`event store contract: ${name}`, () => {
    appendContract(open);
    concurrencyContract(open);
    readContract(open);
    subscriptionContract(open);
    durabilityContract(open);
  });
};
// For an adapter's own tests beside the contract.
export { collect, newEvent, newEvents, reopenableStore, useOpenedStore } from "./contractFixtures.ts";
