/**
 * Drops a suite's own database from a shared MongoDB server, in the suite's afterAll: suites
 * share the server, each keeps to a database named for it.
 */
export const dropSuiteDatabase = async (url: string, database: string): Promise<void> => {
  // Loaded here, so suites of the other servers do not load the MongoDB driver.
  const { MongoClient } = await import("mongodb");
  const client = new MongoClient(url);
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
};
