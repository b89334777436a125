import { describe } from "vitest";
import { changesContract } from "./changesContract.ts";
import { checkpointsContract } from "./checkpointsContract.ts";
import type { OpenReadStore, ReadStoreLimits } from "./contractFixtures.ts";
import { documentsContract } from "./documentsContract.ts";
import { durabilityContract } from "./durabilityContract.ts";
import { queriesContract } from "./queriesContract.ts";

export { reopenableStore } from "@crm/event-store/contract";
export type { OpenedReadStore, OpenReadStore, ReadStoreLimits } from "./contractFixtures.ts";

/**
 * The behaviours every ReadStore adapter must show, as one vitest suite. `open` is called
 * before each test; the tests use fresh collection and subscriber names only, so a shared
 * server is fine. Give `reopen` (close, then open the same storage) to also check that
 * documents and checkpoints survive a restart. `limits` skips, with its reason, what the
 * adapter's server is known not to do.
 */
export const readStoreContract = (name: string, open: OpenReadStore, limits: ReadStoreLimits = {}): void => {
  describe(`read store contract: ${name}`, () => {
    documentsContract(open, limits);
    changesContract(open);
    queriesContract(open);
    checkpointsContract(open);
    durabilityContract(open);
  });
};
