import { openedPerSuite, openedPerTest } from "@crm/testing/specs";
import { startTestPlatform, type TestPlatform } from "./testPlatform.ts";

// For vitest specs only (they register hooks), so they stay out of `@crm/platform/testing`.

type PlatformOptions = Parameters<typeof startTestPlatform>[1];

const start = (options: PlatformOptions) => () => startTestPlatform(undefined, options);
const close = (platform: TestPlatform) => platform.close();

/** One platform shared by the tests of the enclosing describe (or file): started before the first, closed after the last. */
export const platformPerSuite = (options?: PlatformOptions) => openedPerSuite(start(options), close);

/** A fresh platform for each test of the enclosing describe (or file): for tests that restart or damage it. */
export const platformPerTest = (options?: PlatformOptions) => openedPerTest(start(options), close);
