import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startTestPlatform, type TestPlatform } from "./testPlatform.ts";

// For vitest specs only (it registers hooks), so it stays out of `@crm/platform/testing`.

type PlatformOptions = Parameters<typeof startTestPlatform>[1];

/**
 * Starts a platform in one hook and closes it in the other; what it returns stands for that
 * platform, so a spec holds it from the describe's first line and uses it in its hooks and
 * tests, where the platform is running. Used anywhere else, it says so.
 */
const platformBetween = (
  start: typeof beforeAll,
  stop: typeof afterAll,
  options: PlatformOptions,
): TestPlatform => {
  let running: TestPlatform | undefined;
  start(async () => {
    running = await startTestPlatform(undefined, options);
  });
  stop(() => running?.close());
  return new Proxy({} as TestPlatform, {
    get: (_, property) => {
      if (!running) throw new Error("the test platform runs only inside the suite's hooks and tests");
      return Reflect.get(running, property);
    },
  });
};

/** One platform shared by the tests of the enclosing describe (or file): started before the first, closed after the last. */
export const platformPerSuite = (options?: PlatformOptions) => platformBetween(beforeAll, afterAll, options);

/** A fresh platform for each test of the enclosing describe (or file): for tests that restart or damage it. */
export const platformPerTest = (options?: PlatformOptions) => platformBetween(beforeEach, afterEach, options);
