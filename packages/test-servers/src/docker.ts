import type { Route, Running } from "./chain.ts";

let dockerCheck: Promise<string | undefined> | undefined;

/** Why testcontainers cannot start containers here, or undefined when it can. Asked once per process. */
function whyNoContainers(): Promise<string | undefined> {
  dockerCheck ??= (async () => {
    let testcontainers: typeof import("testcontainers");
    try {
      // Loaded only here: testcontainers takes a noticeable time to import.
      testcontainers = await import("testcontainers");
    } catch (error) {
      return `testcontainers does not load on Node ${process.versions.node} (it needs >= 22.22): ${message(error)}`;
    }
    try {
      await testcontainers.getContainerRuntimeClient();
      return undefined;
    } catch (error) {
      return `no Docker engine answers (${message(error)})`;
    }
  })();
  return dockerCheck;
}

/** The testcontainers route: `start` runs only where a Docker engine answers. */
export function containerRoute<Address>(
  image: string,
  start: () => Promise<{ address: Address; stop(): Promise<unknown> }>,
): Route<Address> {
  return async () => {
    const why = await whyNoContainers();
    if (why !== undefined) {
      return `testcontainers: ${why}; with one, ${image} would be started`;
    }
    const container = await start();
    const server: Running<Address> = {
      ...container.address,
      source: "testcontainers",
      stop: async () => {
        await container.stop();
      },
    };
    return server;
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
