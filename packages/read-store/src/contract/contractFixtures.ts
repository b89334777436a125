import { randomUUID } from "node:crypto";
import { useOpenedStore as useOpened } from "@crm/event-store/contract";
import type { ReadStore } from "../readStore.ts";

/** A store under test; `reopen` closes it and opens the same storage again, when the adapter can. */
export type OpenedReadStore = {
  store: ReadStore;
  reopen?: () => Promise<ReadStore>;
  dispose: () => Promise<void>;
};

export type OpenReadStore = () => Promise<OpenedReadStore>;

/**
 * What the server behind an adapter is known not to do, each with the reason its test is
 * skipped (and shown as skipped, never as passed). Read models must stay inside these limits.
 */
export type ReadStoreLimits = {
  /** e.g. FerretDB v1 refuses a document holding an array directly inside an array. */
  arraysInArrays?: string;
};

/** Opens a store before each test and disposes of it after (the event-store contract's helper). */
export const useOpenedStore: (open: OpenReadStore) => () => OpenedReadStore = useOpened;

// Every name is new, so the suite can run against a shared server that holds other tests'
// collections. Letters, digits and underscores only: the strictest naming rules of the
// document databases we target accept them.
const uniqueName = (kind: string): string => `contract_${kind}_${randomUUID().replaceAll("-", "")}`;
export const uniqueCollection = (): string => uniqueName("collection");
export const uniqueSubscriber = (): string => uniqueName("subscriber");

/** A read-model document shaped like the ones projections write. */
export type CustomerCard = {
  _id: string;
  name: string;
  stage: string;
  revision: number;
  tags?: string[];
};

export const customerCard = (id: string, overrides: Partial<CustomerCard> = {}): CustomerCard => ({
  _id: id,
  name: `Customer ${id}`,
  stage: "lead",
  revision: 0,
  ...overrides,
});

/** Order-free comparison: the port promises no order for all(). */
export const byId = <T extends { _id: string }>(documents: readonly T[]): T[] =>
  [...documents].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
