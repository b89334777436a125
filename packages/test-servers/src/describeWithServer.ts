import { afterAll, describe, it } from "vitest";
import { isUnavailable, type Running, type Unavailable } from "./chain.ts";

/**
 * Registers an integration suite that needs a server. Await it at the top of the spec file:
 *
 *   await describeWithServer("relay publishes to Kafka", kafkaServer, (kafka) => { ... });
 *
 * With a server, `fn` runs inside `describe` and the server is released after the suite.
 * Without one, a banner goes to stderr and the suite is registered with `describe.skip`, so
 * the run counts it as skipped, never as passed. A route that breaks rejects: a failure.
 */
export async function describeWithServer<Address>(
  name: string,
  resolve: () => Promise<Running<Address> | Unavailable>,
  fn: (server: Running<Address>) => void,
): Promise<void> {
  const server = await resolve();
  if (isUnavailable(server)) {
    console.warn(banner(name, server.unavailable));
    describe.skip(name, () => {
      it(`needs a server: ${server.unavailable.replaceAll("\n", " ")}`, () => {});
    });
    return;
  }
  describe(name, () => {
    // Registered first, so it runs after the suite's own afterAll hooks (closing clients).
    afterAll(() => server.stop());
    fn(server);
  });
}

function banner(name: string, reason: string): string {
  const rule = "!".repeat(78);
  const lines = [`SKIPPED, NOT PASSED: "${name}"`, ...reason.split("\n")];
  return ["", rule, ...lines.map((line) => `!! ${line}`), rule, ""].join("\n");
}
