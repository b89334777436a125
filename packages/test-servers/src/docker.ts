import type { Route, Running } from "./chain.ts";

let dockerCheck: Promise<string | undefined> | undefined;

/** Why no Docker engine answers, or undefined when one does. Asked once per process. */
function whyNoDocker(): Promise<string | undefined> {
  dockerCheck ??= (async () => {
    try {
      // Loaded only here: testcontainers takes a noticeable time to import.
      const { getContainerRuntimeClient } = await import("testcontainers");
      await getContainerRuntimeClient();
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
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
    const why = await whyNoDocker();
    if (why !== undefined) {
      return `testcontainers: no Docker engine answers (${why}); with one, ${image} would be started`;
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
