import type { ReadModelDocument, ReadStore } from "@crm/read-store";
import type { SignedCheckpoint } from "./signedCheckpoint.ts";
import type { HistoryVerdict } from "./verifyAnchoredHistory.ts";

// A rewrite of stored events (the one-time encryption of plaintext events) changes their
// hashes, so the global chain starts over. What the history was before, and that it verified,
// is kept here: the migration is itself on the record.

export const HISTORY_MIGRATIONS_COLLECTION = "history_migrations";

export type HistoryMigration = {
  at: string;
  what: "encrypt-history";
  /** Who ran it: the operating-system user of the CLI. */
  by: string;
  eventsRewritten: number;
  reservationsMoved: number;
  /** The verdict on the history as it was, against the checkpoints of that time. */
  verdictBefore: HistoryVerdict;
  /** The newest checkpoint of the chain that ended, signed as it was. */
  lastCheckpointBefore: SignedCheckpoint | null;
};

export const recordHistoryMigration = (store: ReadStore, migration: HistoryMigration) =>
  store
    .collection<ReadModelDocument & HistoryMigration>(HISTORY_MIGRATIONS_COLLECTION)
    .putMany([{ _id: migration.at, ...migration }]);
