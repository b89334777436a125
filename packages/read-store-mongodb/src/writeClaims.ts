import type { Db } from "mongodb";
import { byIds } from "./byIds.ts";
import type { Connected } from "./mongoConnection.ts";

// Several projector processes write one database, and readers follow what they write
// (changesSince). Each write first claims the next number of the database's claims: a small
// document of its own, inserted under a unique key (an increment of one shared counter loses
// updates under concurrent writers on FerretDB v1), naming the collections it may write; it
// stores the ids it is about to write under the same number, writes, and marks its claim done,
// naming the collections it did change. A reader of a collection holds every claim up to a number
// once no claim at or below it that names the collection is in flight, and reads by id the
// documents the done claims above it name: a write that began first but completes last is read
// again until it is done.
//
// One claim serves every write of a store handle that starts in the same turn of the event loop:
// a projector batch writes each read model at once, so the batch costs one claim (a lookup of the
// newest and three small commits) instead of one per read model. On FerretDB each command is a
// commit of its own on the one SQLite file of the database, the projector's writes' included.
//
// By id because FerretDB v1 filters nothing but `_id` in its backend: a query on a field of the
// documents reads the whole collection. So the claims stay small (every claim reads the newest,
// and FerretDB sorts them all in memory) and the ids are read one claim at a time.

/** The store's own collections, beside the read models. */
export const CLAIMS = "read_store__claims";
export const WRITTEN = "read_store__written";

type WriteClaim = {
  _id: number;
  done: boolean;
  /** The collections the claim may write while in flight; once done, those it changed. */
  names: string[];
  /** Of those, the ones cleared or written too widely to name the ids: a reader behind it reads all again. */
  unnamed?: string[];
};
type WrittenIds = { _id: number; written: { name: string; ids: string[] }[] };

// Done claims this far below the newest are deleted every hundredth claim, and their ids: a
// reader that holds less than the newest claim minus this reads all again.
const CLAIMS_KEPT = 200;
// A write of more documents (a rebuild's) names none: a reader behind it reads all again.
const IDS_CLAIMED = 10_000;
const DUPLICATE_KEY = 11_000;

const claimsOf = (db: Db) => db.collection<WriteClaim>(CLAIMS);
const writtenOf = (db: Db) => db.collection<WrittenIds>(WRITTEN);

const newestClaim = async (db: Db): Promise<number> =>
  (await claimsOf(db).find().sort({ _id: -1 }).limit(1).next())?._id ?? 0;

/** One write under a claim: its collection, and the ids it writes (null: it clears the collection). */
type Share = { name: string; ids: readonly string[] | null; changed: boolean };

/** The claim a turn's writes share: taken once they are all known, done once they all are. */
type SharedClaim = {
  shares: Share[];
  /** Resolves with the number once the claim and its ids are stored. */
  staked: Promise<number>;
  /** A share's write is over (done or failed); resolves once the claim is marked done. */
  leave(): Promise<void>;
};

const unique = (names: Iterable<string>): string[] => [...new Set(names)];

/** Claims the next number for these writes and stores the ids they name. */
const stake = async (db: Db, shares: readonly Share[]): Promise<number> => {
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

  const claim = { done: false, names: unique(shares.map(({ name }) => name)) };
  const claimed = unnamed.size > 0 ? { ...claim, unnamed: [...unnamed] } : claim;
  let number = (await newestClaim(db)) + 1;
  for (;;) {
    try {
      await claimsOf(db).insertOne({ _id: number, ...claimed });
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      number = (await newestClaim(db)) + 1;
    }
  }
  if (idsByName.size > 0) {
    const written = [...idsByName].map(([name, ids]) => ({ name, ids: [...ids] }));
    try {
      await writtenOf(db).insertOne({ _id: number, written });
    } catch (error) {
      // Ids left under this number by a claim whose cleanup failed half way: ours replace them.
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      await writtenOf(db).replaceOne({ _id: number }, { written });
    }
  }
  return number;
};

/**
 * Marks the claim done, naming the collections its writes changed (a write that changed nothing
 * leaves its collection's mark as it was), and now and then deletes the old claims.
 */
const markDone = async (db: Db, number: number, shares: readonly Share[]): Promise<void> => {
  const changed = unique(shares.filter((share) => share.changed).map(({ name }) => name));
  await claimsOf(db).updateOne({ _id: number }, { $set: { done: true, names: changed } });
  if (number % 100 === 0) {
    await claimsOf(db).deleteMany({ _id: { $lte: number - CLAIMS_KEPT }, done: true });
    await writtenOf(db).deleteMany({ _id: { $lte: number - CLAIMS_KEPT } });
  }
};

const sharedClaim = (db: Promise<Db>, gathered: () => void): SharedClaim => {
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
  const done = staked.then(async (number) => {
    await left;
    await markDone(await db, number, shares);
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

/** What changesSince answers here: the ids to read again, and the mark to ask from next. */
export type ClaimedChanges = { mark: string; ids: string[] };

/**
 * A reader's mark of a collection: the number it holds, the newest claim naming the collection it
 * has seen (so a write that starts and completes behind a slower one still changes the mark), and
 * the claims naming it in flight above the number held.
 */
const markOf = (holds: number, newestNaming: number, inFlight: readonly number[]) =>
  `${holds}:${newestNaming}:${inFlight.join(",")}`;
const markRead = (mark: string) => {
  const [holds, newestNaming] = mark.split(":").map(Number);
  return Number.isInteger(holds) && Number.isInteger(newestNaming)
    ? { holds: holds as number, newestNaming: newestNaming as number }
    : undefined;
};

const numbers = (claims: readonly WriteClaim[]) => claims.map((claim) => claim._id).sort((a, b) => a - b);

export type WriteClaims = {
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
  changeMark(name: string): Promise<string>;
  /** The ids written to `name` since the mark; undefined when the claims cannot tell. */
  changesSince(name: string, mark: string): Promise<ClaimedChanges | undefined>;
};

export const writeClaims = (connected: () => Promise<Connected>): WriteClaims => {
  let gathering: SharedClaim | undefined;

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
        await claim.leave();
        throw error;
      }
      await claim.leave();
      return result;
    },

    changeMark: async (name) => {
      const { db } = await connected();
      // In order of number: a claim taken meanwhile is above every one seen, or seen itself.
      const claims = await claimsOf(db).find().sort({ _id: 1 }).toArray();
      const naming = claims.filter((claim) => claim.names.includes(name));
      const inFlight = numbers(naming.filter((claim) => !claim.done));
      const newestNaming = Math.max(0, ...naming.map((claim) => claim._id));
      // With no claim naming the collection kept, it holds every claim there is.
      const holds =
        inFlight.length > 0
          ? (inFlight[0] as number) - 1
          : naming.length > 0
            ? newestNaming
            : Math.max(0, ...claims.map((claim) => claim._id));
      return markOf(holds, newestNaming, inFlight);
    },

    changesSince: async (name, mark) => {
      const held = markRead(mark);
      if (!held) return undefined;
      const { db, profile } = await connected();
      const newer = await claimsOf(db)
        .find({ _id: { $gt: held.holds } })
        .sort({ _id: 1 })
        .toArray();
      // Numbers are taken one after another: a gap is claims deleted that the reader never saw done.
      const newest = Math.max(held.holds, ...newer.map((claim) => claim._id));
      if (newer.length !== newest - held.holds) return undefined;
      const naming = newer.filter((claim) => claim.names.includes(name));
      // A clear or a write too large to name its ids: read all again.
      if (naming.some((claim) => claim.unnamed?.includes(name))) return undefined;
      const inFlight = numbers(naming.filter((claim) => !claim.done));
      const now = markOf(
        inFlight.length > 0 ? (inFlight[0] as number) - 1 : newest,
        Math.max(held.newestNaming, ...naming.map((claim) => claim._id)),
        inFlight,
      );
      if (now === mark) return { mark, ids: [] };
      // The ids of the done claims (those in flight are read once done: the number held stays below them).
      const done = numbers(naming.filter((claim) => claim.done));
      const written = await byIds(writtenOf(db), profile.readByIds, done);
      if (written.length < done.length) return undefined;
      const ids = new Set(
        written.flatMap((claim) =>
          claim.written.filter((entry) => entry.name === name).flatMap((entry) => entry.ids),
        ),
      );
      // More than a large write's worth (a claim left in flight keeps the number low, and what is
      // written after it piles up): reading all costs less than reading each.
      if (ids.size > IDS_CLAIMED) return undefined;
      return { mark: now, ids: [...ids] };
    },
  };
};
