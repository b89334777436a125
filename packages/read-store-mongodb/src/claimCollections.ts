import type { Db } from "mongodb";

// The store's own collections, beside the read models, in which writers record what they write
// for readers that follow the changes (changesSince). See sharedClaims.ts and claimedChanges.ts.

/** A claim taken before its writes start: the collections they may write. */
export const CLAIMS = "read_store__claims";
/** The ids a claim's writes wrote, per collection, stored beside the writes. */
export const WRITTEN = "read_store__written";
/** A claim whose writes are over: the collections they changed. */
export const DONE = "read_store__done";

export type Claim = {
  _id: number;
  names: string[];
  /** Of those, the ones cleared or written too widely to name the ids: a reader behind it reads all again. */
  unnamed?: string[];
  /** When the claim was taken (claims only): one in flight too long is given up (sharedClaims.ts). */
  at?: Date;
};
export type WrittenIds = { _id: number; written: { name: string; ids: string[] }[] };

export const claimsOf = (db: Db) => db.collection<Claim>(CLAIMS);
export const writtenOf = (db: Db) => db.collection<WrittenIds>(WRITTEN);
export const doneOf = (db: Db) => db.collection<Claim>(DONE);

// Done markers and ids this far below the newest are deleted every hundredth claim (the claims
// themselves sooner: sharedClaims.ts): a reader that holds less than the newest claim minus this
// reads all again.
export const CLAIMS_KEPT = 200;
// A write of more documents (a rebuild's) names none: a reader behind it reads all again.
export const IDS_CLAIMED = 10_000;
