import type { Db, Document } from "mongodb";

/** What the store adapts to in the server it reached. */
export type ServerProfile = {
  /** Replacements per `update` command in putMany; one command is in flight at a time. */
  writeBatchSize: number;
};

// MongoDB takes 100,000 statements per command; a thousand keeps each command small and
// round trips few.
const MONGODB: ServerProfile = { writeBatchSize: 1_000 };

// FerretDB v1 (1.24.2, what CI runs) keeps one SQLite connection per statement of an `update`
// command that matched a document until the whole command ends (handler/msg_update.go closes
// each statement's iterator with a `defer` inside the loop), out of 100 per database. Past
// that the command waits for a connection forever, and so does every later command on the
// database: the server is wedged, for every client. One statement per command holds one (and
// one more for its write), so fifty writers at once stay clear. Measured here it costs little:
// FerretDB commits each statement on its own either way (about 1-3 ms a document against
// 0.7-1.3 ms in batches of 20).
const FERRETDB_V1: ServerProfile = { writeBatchSize: 1 };

/** FerretDB names itself in buildInfo; a library build (as in infra/local) says "unknown". */
export const isFerretDbV1 = (buildInfo: Document): boolean => {
  const version: unknown = buildInfo.ferretdbVersion;
  return typeof version === "string" && !/^v?[2-9]\./.test(version);
};

export const serverProfile = async (db: Db): Promise<ServerProfile> =>
  isFerretDbV1(await db.admin().command({ buildInfo: 1 })) ? FERRETDB_V1 : MONGODB;
