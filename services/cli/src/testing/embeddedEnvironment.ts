/**
 * The test run's environment without the servers it may name (EVENTSTORE_URL, MONGO_URL,
 * MONGO_DATABASE): a CLI run in it opens the embedded platform's stores, as the spec's platform does.
 */
export const embeddedEnvironment = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !["EVENTSTORE_URL", "MONGO_URL", "MONGO_DATABASE"].includes(name),
    ),
  );
