import { afterEach } from "vitest";

type Stoppable = { stop(): Promise<unknown> } | { close(): Promise<unknown> };

/**
 * For vitest specs only (it registers an afterEach), so it has an entry of its own: `@crm/testing/specs`.
 * Whatever a test starts (a subscriber, a platform, an API) is stopped after it, last started
 * first, even when the test failed: `const started = stopAfterEach(); started(startRelay(...))`.
 */
export const stopAfterEach = () => {
  const running: Stoppable[] = [];
  afterEach(async () => {
    for (const started of running.splice(0).reverse())
      await ("stop" in started ? started.stop() : started.close());
  });
  return <T extends Stoppable>(started: T): T => {
    running.push(started);
    return started;
  };
};
