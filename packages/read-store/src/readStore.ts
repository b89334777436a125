import type { CheckpointStore } from "@crm/event-store";
import type { CollectionOptions, DocumentQuery } from "./documentQuery.ts";

// The read-store port. Documents are plain JSON keyed by `_id` (MongoDB's own
// key, so the distributed adapter stores them as they are). Writes are upserts
// of whole documents: projections are idempotent per document (each carries the
// revision it has seen), so no multi-document transaction is needed.

export type ReadModelDocument = { _id: string };

export type DocumentCollection<T extends ReadModelDocument> = {
  getMany(ids: readonly string[]): Promise<Map<string, T>>;
  putMany(documents: readonly T[]): Promise<void>;
  /**
   * Stores documents the caller made from nothing, without reading first: a customer's first
   * event (revision 0) makes its documents, and only a redelivered batch can find them there.
   * A document whose id is stored already is left as it is; resolves with those ids, for the
   * caller to read and fold again. Offered where a read costs a round trip (MongoDB); without it,
   * a projector reads every document it touches, as before.
   */
  insertNew?(documents: readonly T[]): Promise<Set<string>>;
  /**
   * The documents a query matches, in its order, at most `limit`: filtered, sorted and cut by the
   * store, through the collection's declared indexes. What request paths read with.
   */
  find(query: DocumentQuery): Promise<T[]>;
  /**
   * Every document, unordered. Its cost grows with the collection: for rebuilds, tests and
   * startup, never for a request (a test fails any request path that calls it on a large one).
   */
  all(): Promise<T[]>;
  count(): Promise<number>;
  /**
   * Differs, once a write (putMany, insertNew, clear) to the collection has completed, from every mark read
   * before it; equal marks mean no write completed in between. A reader keeps what it derived
   * from `all()` under the mark read before that `all()`, until the mark changes: what it keeps
   * is then never older than the mark says, whichever process writes.
   */
  changeMark(): Promise<string>;
  /** Drops every document (a rebuild starts from nothing). */
  clear(): Promise<void>;
};

export interface ReadStore {
  /** A collection by name; its owner declares the indexes its queries need (created on first use). */
  collection<T extends ReadModelDocument>(name: string, options?: CollectionOptions): DocumentCollection<T>;
  checkpoints: CheckpointStore;
  /** Forgets a subscriber's checkpoint, so it starts over from the first event. */
  resetCheckpoint(subscriber: string): Promise<void>;
  close(): Promise<void>;
}

/** The read store cannot be reached: reads answer 503 and projectors wait and retry. */
export class ReadStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReadStoreUnavailableError";
  }
}
