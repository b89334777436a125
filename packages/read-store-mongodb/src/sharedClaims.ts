import { type Db, MongoBulkWriteError } from "mongodb";
import { CLAIMS_KEPT, claimsOf, doneOf, IDS_CLAIMED, writtenOf } from "./claimCollections.ts";
import type { Connected } from "./mongoConnection.ts";
import { duplicateKeyFailures, isDuplicateKey } from "./mongoErrors.ts";

// Several projector processes write one database, and readers follow what they write
// (changesSince). Each write first claims the next number: a small document of its own,
// inserted under a unique key (an increment of one shared counter loses updates under
// concurrent writers on FerretDB v1), naming the collections it may write. Beside the writes,
// the ids they write are stored under the same number; once they are over, a done marker names
// the collections they changed (an insert: on FerretDB an update is a read and a write in Go).
// claimedChanges.ts reads them.
//
// One claim serves every write of a store handle that starts in the same turn of the event
// loop: a projector batch writes each read model at once, so the batch costs one claim (a
// lookup of the newest, three small inserts) instead of one per read model. On FerretDB each
// command is a commit of its own on the one SQLite file of the database, where the projector's
// writes queue too.

/** One write under a claim: its collection, and the ids it writes (null: it clears the collection). */
type Share = { name: string; ids: readonly string[] | null; changed: boolean };

type Staked = { number: number; written: { name: string; ids: string[] }[]; unnamed: string[] };

const unique = (names: Iterable<string>): string[] => [...new Set(names)];

const newestClaim = async (db: Db): Promise<number> =>
  (await claimsOf(db).find().sort({ _id: -1 }).limit(1).next())?._id ?? 0;

/** Claims the next number for these writes, naming their collections. */
const stake = async (db: Db, shares: readonly Share[]): Promise<Staked> => {
  const idsByName = new Map<string, Set<string>>();
  const unnamed = new Set<string>();
  for (const { name, ids } of shares) {
    if (ids === null) unnamed.add(name);
    else {
      const named = idsByName.get(name) ?? new Set();
      for (const id of ids) named.add(id);
      idsByName.set(name, named);
    }
  }
  for (const [name, ids] of idsByName) if (ids.size > IDS_CLAIMED) unnamed.add(name);
  for (const name of unnamed) idsByName.delete(name);

  const names = unique(shares.map(({ name }) => name));
  const claim = unnamed.size > 0 ? { names, unnamed: [...unnamed] } : { names };
  let number = (await newestClaim(db)) + 1;
  for (;;) {
    try {
      await claimsOf(db).insertOne({ _id: number, ...claim, at: new Date() });
      break;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      number = (await newestClaim(db)) + 1;
    }
  }
  const written = [...idsByName].map(([name, ids]) => ({ name, ids: [...ids] }));
  return { number, written, unnamed: [...unnamed] };
};

/**
 * Stores the ids under the claim's number; false when ids are stored there already: the number
 * was taken before, and its claim deleted since (see below), so the writes need a claim anew.
 */
const recordIds = async (db: Db, { number, written }: Staked): Promise<boolean> => {
  if (written.length === 0) return true;
  try {
    await writtenOf(db).insertOne({ _id: number, written });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return false;
  }
};

/**
 * Marks the claim done, naming the collections its writes changed (a write that changed nothing
 * leaves its collection's mark as it was); false when the number was done before (taken again).
 */
const markDone = async (db: Db, { number, unnamed }: Staked, shares: readonly Share[]): Promise<boolean> => {
  const names = unique(shares.filter((share) => share.changed).map(({ name }) => name));
  const wide = unnamed.filter((name) => names.includes(name));
  try {
    await doneOf(db).insertOne(
      wide.length > 0 ? { _id: number, names, unnamed: wide } : { _id: number, names },
    );
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return false;
  }
};

/** For writes that are over but whose number turned out to be taken before: a new claim, done at once. */
const claimAgain = async (db: Db, shares: readonly Share[]): Promise<void> => {
  for (;;) {
    const claim = await stake(db, shares);
    if ((await recordIds(db, claim)) && (await markDone(db, claim, shares))) return;
  }
};

// Claims done this far below the newest are deleted every tenth claim, so that the newest is
// found among few (FerretDB sorts them all in memory for it); their done markers and ids stay
// for readers until CLAIMS_KEPT below. A writer that read the newest and took the next number
// only after that number was taken, done and deleted (a stall of CLAIMS_IN_HAND claims) finds
// its ids or done marker there already, and claims again.
const CLAIMS_IN_HAND = 10;

// A claim in flight this long is taken for one whose writer died mid-write, or lost the store
// while writing and could not mark it done: left so, it would hold every reader of its
// collections below it for good. It is marked done in the writer's place, naming every collection
// it may have written: a reader reads its ids, or, where none were stored, cannot tell and reads
// all again once. A writer that was only slow finds the marker there at its end and claims again,
// so no reader misses its writes.
const ABANDONED_AFTER_MS = 60_000;

const onlyDuplicates = (error: unknown): boolean =>
  error instanceof MongoBulkWriteError ? duplicateKeyFailures(error) !== undefined : isDuplicateKey(error);

const giveUpAbandoned = async (db: Db, newest: number): Promise<void> => {
  const abandoned = await claimsOf(db)
    .find({ _id: { $lte: newest - CLAIMS_IN_HAND }, at: { $lt: new Date(Date.now() - ABANDONED_AFTER_MS) } })
    .toArray();
  if (abandoned.length === 0) return;
  const markers = abandoned.map(({ _id, names, unnamed }) =>
    unnamed ? { _id, names, unnamed } : { _id, names },
  );
  try {
    // Those done meanwhile have their marker already.
    await doneOf(db).insertMany(markers, { ordered: false });
  } catch (error) {
    if (!onlyDuplicates(error)) throw error;
  }
};

/**
 * Deletes the claims done this far below, and further below their ids and done markers; gives up
 * the claims in flight too long.
 */
const deleteOldClaims = async (db: Db, newest: number): Promise<void> => {
  const done = await doneOf(db)
    .find({ _id: { $lte: newest - CLAIMS_IN_HAND } }, { projection: { _id: 1 } })
    .toArray();
  // The claim first: a done marker without its claim still reads as done, a claim without its
  // marker would not.
  if (done.length > 0) await claimsOf(db).deleteMany({ _id: { $in: done.map(({ _id }) => _id) } });
  await giveUpAbandoned(db, newest);
  if (newest % 100 !== 0) return;
  const old = done.filter(({ _id }) => _id <= newest - CLAIMS_KEPT).map(({ _id }) => _id);
  if (old.length === 0) return;
  await writtenOf(db).deleteMany({ _id: { $in: old } });
  await doneOf(db).deleteMany({ _id: { $in: old } });
};

/**
 * Deletes old claims every tenth claim, beside the writes (a failure is tried again ten claims
 * later), one deletion at a time.
 */
const claimsTidied = () => {
  let tidying: Promise<void> | undefined;
  return (db: Db, number: number) => {
    if (number % CLAIMS_IN_HAND !== 0 || tidying) return;
    tidying = deleteOldClaims(db, number)
      .catch(() => undefined)
      .finally(() => {
        tidying = undefined;
      });
  };
};

/** The claim a turn's writes share: taken once they are all known, done once they all are over. */
type SharedClaim = {
  shares: Share[];
  /** Resolves once the claim is stored: its writes may start. */
  staked: Promise<Staked>;
  /** A share's write is over (done or failed); resolves once the claim is marked done. */
  leave(): Promise<void>;
};

const sharedClaim = (
  db: Promise<Db>,
  gathered: () => void,
  tidy: (db: Db, number: number) => void,
): SharedClaim => {
  const shares: Share[] = [];
  let writing = 0;
  let allLeft!: () => void;
  const left = new Promise<void>((resolve) => {
    allLeft = resolve;
  });
  // Every write that starts in this turn joins before the claim is taken.
  const staked = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    gathered();
    writing = shares.length;
    return stake(await db, shares);
  });
  const recorded = staked.then(async (claim) => recordIds(await db, claim));
  recorded.catch(() => undefined);
  const done = staked.then(async (claim) => {
    await left;
    // Marked done even when the ids could not be stored: a reader then cannot tell, and reads
    // all again, where a claim left in flight would hold every reader of its collections back.
    const recording = await recorded.then(
      (stored) => ({ stored, error: undefined }),
      (error: unknown) => ({ stored: true, error }),
    );
    if (!(recording.stored && (await markDone(await db, claim, shares)))) {
      await claimAgain(await db, shares);
      // Read as done by its earlier marker; without one it would read as in flight for good.
      await claimsOf(await db).deleteOne({ _id: claim.number });
    }
    tidy(await db, claim.number);
    if (recording.error) throw recording.error;
  });
  // Awaited by every share that wrote; a claim never staked has none.
  done.catch(() => undefined);
  return {
    shares,
    staked,
    leave: () => {
      writing -= 1;
      if (writing === 0) allLeft();
      return done;
    },
  };
};

export type SharedClaims = {
  /**
   * Runs a write of `name` under a claim: numbered before it starts, marked done after, even when
   * it fails (a retry claims anew). Resolves once the claim is done. `ids` are the documents it
   * writes, null for a clear; `changedNothing` tells from its result that it wrote nothing.
   */
  claimed<R>(
    name: string,
    ids: readonly string[] | null,
    write: () => Promise<R>,
    changedNothing?: (result: R) => boolean,
  ): Promise<R>;
};

/** One per store: the writes its collections start together share a claim. */
export const sharedClaims = (connected: () => Promise<Connected>): SharedClaims => {
  let gathering: SharedClaim | undefined;
  const tidy = claimsTidied();
  return {
    claimed: async <R>(
      name: string,
      ids: readonly string[] | null,
      write: () => Promise<R>,
      changedNothing: (result: R) => boolean = () => false,
    ): Promise<R> => {
      const share: Share = { name, ids, changed: true };
      gathering ??= sharedClaim(
        connected().then(({ db }) => db),
        () => {
          gathering = undefined;
        },
        tidy,
      );
      const claim = gathering;
      claim.shares.push(share);
      await claim.staked;
      let result: R;
      try {
        result = await write();
        share.changed = !changedNothing(result);
      } catch (error) {
        // What failed may have written part: the claim counts it as a change.
        await claim.leave().catch(() => undefined);
        throw error;
      }
      await claim.leave();
      return result;
    },
  };
};
