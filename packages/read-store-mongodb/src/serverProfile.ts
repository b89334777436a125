import type { Db, Document } from "mongodb";

/** What the store adapts to in the server it reached. */
export type ServerProfile = {
  /** Replacements per `update` command in putMany; one command is in flight at a time. */
  writeBatchSize: number;
  /**
   * How getMany finds documents by id: one `$in` query per thousand ids, or one `_id` query
   * per id, several in flight, where the server answers `$in` by reading the whole collection.
   */
  readByIds: "in" | "each";
};

// MongoDB takes 100,000 statements per command; a thousand keeps each command small and
// round trips few.
const MONGODB: ServerProfile = { writeBatchSize: 1_000, readByIds: "in" };

// FerretDB v1 (1.24.2, what CI runs) keeps one SQLite connection per statement of an `update`
// command that matched a document until the whole command ends (handler/msg_update.go closes
// each statement's iterator with a `defer` inside the loop), out of 100 per database. Past
// that the command waits for a connection forever, and so does every later command on the
// database: the server is wedged, for every client. One statement per command holds one (and
// one more for its write), so fifty writers at once stay clear. Measured here it costs little:
// FerretDB commits each statement on its own either way (about 1-3 ms a document against
// 0.7-1.3 ms in batches of 20).
// Its SQLite backend pushes only a filter of exactly one `_id` down into SQL
// (backends/sqlite/collection.go, Query): `{_id: {$in: ids}}` reads and decodes every document
// of the collection, so a projector batch would cost the whole read model, growing with it.
// One `_id` query per id is an indexed lookup each.
const FERRETDB_V1: ServerProfile = { writeBatchSize: 1, readByIds: "each" };

/** FerretDB names itself in buildInfo; a library build (as in infra/local) says "unknown". */
export const isFerretDbV1 = (buildInfo: Document): boolean => {
  const version: unknown = buildInfo.ferretdbVersion;
  return typeof version === "string" && !/^v?[2-9]\./.test(version);
};

export const serverProfile = async (db: Db): Promise<ServerProfile> =>
  isFerretDbV1(await db.admin().command({ buildInfo: 1 })) ? FERRETDB_V1 : MONGODB;
