// Contract 10.1: the key store, a store of its own (a SQLite file in the embedded default,
// a MongoDB collection in the distributed setup), holding each customer's data key wrapped
// by the master key. Destroying a key is erasure: what remains is a tombstone saying who
// erased the customer, when and why, until the PersonalDataErased event is recorded too.

/** Everything needed to finish an erasure after a crash, and nothing personal. */
export type ErasureRequest = {
  customerId: string;
  reason: string;
  occurredAt: string;
  actor: { id: string; role: string };
  correlationId: string;
  commandId: string;
  /** The reservation streams of the customer's duplicate keys (keyed hashes), released afterwards. */
  reservationStreams: string[];
};

export type StoredKey = { state: "active"; wrappedKey: Buffer } | { state: "destroyed" };

export interface PersonalDataKeyStore {
  find(customerId: string): Promise<StoredKey | undefined>;
  /** Stores the key unless the customer has one (or had one): the key that holds is returned. */
  create(customerId: string, wrappedKey: Buffer): Promise<StoredKey>;
  /** Removes the key material for good and leaves the erasure's tombstone, pending until `recorded`. */
  destroy(request: ErasureRequest): Promise<void>;
  /** Erasures whose key is gone but whose event may not be recorded yet (a crash in between). */
  pendingErasures(): Promise<ErasureRequest[]>;
  recorded(customerId: string): Promise<void>;
  close(): Promise<void>;
}
