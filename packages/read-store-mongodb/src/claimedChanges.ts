import type { Db } from "mongodb";
import { byIds } from "./byIds.ts";
import { type Claim, claimsOf, doneOf, IDS_CLAIMED, writtenOf } from "./claimCollections.ts";
import type { ServerProfile } from "./serverProfile.ts";

// A reader of a collection follows the claims writers take (sharedClaims.ts). It holds every
// claim up to a number once no claim at or below it that names the collection is in flight, and
// reads by id the documents the done claims above it name: a write that began first but completes
// last is read again until it is done. Claims naming only other collections move the number on
// and change nothing else, so a collection's mark stays while only others are written.
//
// By id because FerretDB v1 filters nothing but `_id` in its backend: a query on a field of the
// documents reads the whole collection. So claims and done markers stay small (FerretDB reads
// all of them for each reader's question) and the ids are read one claim at a time.

type Seen = Claim & { done: boolean };

/**
 * The claims above a number, in order, each done or in flight. The done markers are read first:
 * a claim done after that reads as in flight, and one taken after the claims are read is above
 * every one seen.
 */
const claimsAbove = async (db: Db, held: number): Promise<Seen[]> => {
  const above = { _id: { $gt: held } };
  const done = await doneOf(db).find(above).sort({ _id: 1 }).toArray();
  const taken = await claimsOf(db).find(above).sort({ _id: 1 }).toArray();
  const seen = new Map<number, Seen>(taken.map((claim) => [claim._id, { ...claim, done: false }]));
  for (const claim of done) seen.set(claim._id, { ...claim, done: true });
  return [...seen.values()].sort((a, b) => a._id - b._id);
};

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

const numbersOf = (claims: readonly Seen[]) => claims.map((claim) => claim._id);

/** Where a reader of `name` stands after these claims (all of them above what it held). */
const standing = (name: string, claims: readonly Seen[], newestNaming: number) => {
  const naming = claims.filter((claim) => claim.names.includes(name));
  const inFlight = numbersOf(naming.filter((claim) => !claim.done));
  return {
    naming,
    inFlight,
    newestNaming: Math.max(newestNaming, ...numbersOf(naming)),
    lowestInFlight: inFlight[0],
  };
};

export const changeMark = async (db: Db, name: string): Promise<string> => {
  const claims = await claimsAbove(db, 0);
  const { naming, inFlight, newestNaming, lowestInFlight } = standing(name, claims, 0);
  // Held: below the first claim in flight; else up to the newest naming the collection, so that
  // writes to others do not change the mark; with none kept, every claim there is.
  const holds =
    lowestInFlight !== undefined
      ? lowestInFlight - 1
      : naming.length > 0
        ? newestNaming
        : Math.max(0, ...numbersOf(claims));
  return markOf(holds, newestNaming, inFlight);
};

/** The ids written to `name` since the mark and the mark to ask from next; undefined when the claims cannot tell. */
export const changesSince = async (
  db: Db,
  { readByIds }: ServerProfile,
  name: string,
  mark: string,
): Promise<{ mark: string; ids: string[] } | undefined> => {
  const held = markRead(mark);
  if (!held) return undefined;
  const claims = await claimsAbove(db, held.holds);
  // Numbers are taken one after another: a gap is claims deleted that the reader never saw done.
  const newest = Math.max(held.holds, ...numbersOf(claims));
  if (claims.length !== newest - held.holds) return undefined;
  const { naming, inFlight, newestNaming, lowestInFlight } = standing(name, claims, held.newestNaming);
  // A clear or a write too large to name its ids: read all again.
  if (naming.some((claim) => claim.unnamed?.includes(name))) return undefined;
  const now = markOf(lowestInFlight !== undefined ? lowestInFlight - 1 : newest, newestNaming, inFlight);
  if (now === mark) return { mark, ids: [] };
  // The ids of the done claims (those in flight are read once done: the number held stays below them).
  const done = numbersOf(naming.filter((claim) => claim.done));
  const written = await byIds(writtenOf(db), readByIds, done);
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
};
