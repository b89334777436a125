import { MongoClient } from "mongodb";

/** Drops a test's (or a benchmark's) own database on a shared MongoDB server; one already gone is not an error. */
export const dropMongoDatabase = async (url: string, database: string) => {
  const client = new MongoClient(url);
  await client
    .db(database)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
};
