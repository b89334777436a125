import type { CollectionOptions, ReadModelDocument, ReadStore } from "@crm/read-store";
import type { MongoClientOptions } from "mongodb";
import { CLAIMS, DONE, WRITTEN } from "./claimCollections.ts";
import { mongoCheckpointStore } from "./mongoCheckpointStore.ts";
import { mongoConnection } from "./mongoConnection.ts";
import { indexCreation, mongoDocumentCollection } from "./mongoDocumentCollection.ts";
import { sharedClaims } from "./sharedClaims.ts";

export type MongoReadStoreOptions = {
  url: string;
  database: string;
  /** Merged over the defaults below. */
  clientOptions?: MongoClientOptions;
};

const CHECKPOINTS = "checkpoints";
const OWN_COLLECTIONS = new Set([CHECKPOINTS, CLAIMS, WRITTEN, DONE]);

const defaults: MongoClientOptions = {
  // The driver's defaults (30 s each) would hold a request that long while MongoDB is down;
  // two seconds lets a read answer 503 and a projector go back to waiting promptly.
  serverSelectionTimeoutMS: 2_000,
  connectTimeoutMS: 2_000,
  // Documents are JSON to the port: a field set to undefined is absent, as JSON.stringify has
  // it, instead of BSON null.
  ignoreUndefined: true,
  appName: "crm-read-store",
};

/**
 * The distributed read store: one MongoDB collection per read model, checkpoints in their own.
 * Opening does not reach the server: a store that is down at start answers like one that goes
 * down later (ReadStoreUnavailableError on each call) and serves once MongoDB is back. A
 * malformed URL still fails here.
 */
export const openMongoReadStore = async (options: MongoReadStoreOptions): Promise<ReadStore> => {
  const connection = mongoConnection(options.url, options.database, {
    ...defaults,
    ...options.clientOptions,
  });
  const checkpoints = mongoCheckpointStore(CHECKPOINTS, connection.connected);
  // Indexes are created before a collection's first operation (at startup, in effect), once.
  const createIndexes = indexCreation();
  // One for the store: the writes its collections start together share a claim.
  const claims = sharedClaims(connection.connected);
  return {
    collection: <T extends ReadModelDocument>(name: string, collectionOptions: CollectionOptions = {}) => {
      if (OWN_COLLECTIONS.has(name)) throw new Error(`"${name}" is the read store's own collection`);
      return mongoDocumentCollection<T>(name, connection.connected, collectionOptions, createIndexes, claims);
    },
    checkpoints,
    resetCheckpoint: (subscriber) => checkpoints.reset(subscriber),
    close: () => connection.close(),
  };
};
