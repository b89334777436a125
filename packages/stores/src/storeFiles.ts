import { join } from "node:path";
import { KEY_STORE_FILE, MASTER_KEY_FILE, SIGNING_KEY_FILE } from "@crm/trust";

/** The embedded stores' files in a data folder: one name each, for every process and test. */
export const STORE_FILES = {
  /** The event store (SQLite), written by the platform, read by the relay and the CLI. */
  events: "events.sqlite",
  /** The read models and the in-process subscribers' checkpoints. */
  readModels: "read-models.sqlite",
  /** The relay's checkpoint: its own file, the relay and the projector being separate processes. */
  relayCheckpoints: "relay.sqlite",
} as const;

export type StoreFile = (typeof STORE_FILES)[keyof typeof STORE_FILES];

export const storeFile = (dataDir: string, file: StoreFile): string => join(dataDir, file);

/**
 * Contract 10's key files in a data folder. The personal-data key store is the embedded one
 * (MONGO_URL moves it to MongoDB); the master key file is used only without CRM_MASTER_KEY,
 * the signing key file only without CRM_SIGNING_KEY_FILE.
 */
export const KEY_FILES = {
  /** Every customer's data key, wrapped by the master key; destroyed on erasure. */
  personalDataKeys: KEY_STORE_FILE,
  /** The master key, created on first start when CRM_MASTER_KEY is not given. */
  masterKey: MASTER_KEY_FILE,
  /** The anchored history's signing key (contract 10.4). */
  signingKey: SIGNING_KEY_FILE,
} as const;

export type KeyFile = (typeof KEY_FILES)[keyof typeof KEY_FILES];

export const keyFile = (dataDir: string, file: KeyFile): string => join(dataDir, file);
