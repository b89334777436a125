import { join } from "node:path";

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
