import { Binary, type Db } from "mongodb";
import type { ErasureRequest, PersonalDataKeyStore, StoredKey } from "./keyStore.ts";

// The distributed key store: a MongoDB collection of its own. Destroying a key overwrites the
// document without its key material. What MongoDB keeps of older versions of a document
// (its journal, replica oplog, backups) is outside what the platform controls: see
// docs/audit-and-replay.md on erasure's limits.

export const KEY_COLLECTION = "personal_data_keys";

type KeyDocument = { _id: string; wrappedKey: Binary | null; erasure?: ErasureRequest; pending?: boolean };

export const mongoKeyStore = (db: Db, close: () => Promise<void>): PersonalDataKeyStore => {
  const keys = db.collection<KeyDocument>(KEY_COLLECTION);
  const toKey = (document: KeyDocument | null): StoredKey | undefined => {
    if (!document) return undefined;
    return document.wrappedKey === null
      ? { state: "destroyed" }
      : { state: "active", wrappedKey: Buffer.from(document.wrappedKey.buffer) };
  };
  return {
    find: async (customerId) => toKey(await keys.findOne({ _id: customerId })),
    create: async (customerId, wrappedKey) => {
      await keys.updateOne(
        { _id: customerId },
        { $setOnInsert: { wrappedKey: new Binary(wrappedKey) } },
        { upsert: true },
      );
      return toKey(await keys.findOne({ _id: customerId })) as StoredKey;
    },
    destroy: async (request) => {
      await keys.replaceOne(
        { _id: request.customerId },
        { wrappedKey: null, erasure: request, pending: true },
        { upsert: true },
      );
    },
    pendingErasures: async () =>
      (await keys.find({ pending: true }).toArray()).flatMap((document) => document.erasure ?? []),
    recorded: async (customerId) => {
      await keys.updateOne({ _id: customerId }, { $set: { pending: false } });
    },
    close,
  };
};
