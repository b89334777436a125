import { type Db, MongoClient, type MongoClientOptions } from "mongodb";
import { type ServerProfile, serverProfile } from "./serverProfile.ts";

/** The database, on a client that has reached the server, and what the server needs of us. */
export type Connected = { db: Db; profile: ServerProfile };

export type MongoConnection = {
  connected(): Promise<Connected>;
  close(): Promise<void>;
};

/**
 * One client for the store, connected on first use. Once connected, the driver rides out
 * outages by itself (it marks the server unknown and reconnects). But a client whose very
 * first connect fails is closed for good (driver 7: every later call says "Topology is
 * closed"), so a store opened while MongoDB is down would never recover: such a client is
 * dropped and the next call starts a new one.
 */
export const mongoConnection = (
  url: string,
  database: string,
  options: MongoClientOptions,
): MongoConnection => {
  // Built now, so a malformed URL fails at open rather than on the first request.
  let next: MongoClient | undefined = new MongoClient(url, options);
  let connecting: Promise<Connected & { client: MongoClient }> | undefined;
  let closed = false;

  const connect = async () => {
    const client = next ?? new MongoClient(url, options);
    next = undefined;
    try {
      await client.connect();
      const db = client.db(database);
      return { client, db, profile: await serverProfile(db) };
    } catch (error) {
      connecting = undefined;
      await client.close().catch(() => undefined);
      throw error;
    }
  };

  return {
    connected: async () => {
      if (closed) throw new Error("the mongodb read store is closed");
      connecting ??= connect();
      return connecting;
    },
    close: async () => {
      closed = true;
      const current = await connecting?.catch(() => undefined);
      await Promise.all([current?.client.close(), next?.close()]);
    },
  };
};
