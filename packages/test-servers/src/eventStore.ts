import { envRoute, firstAvailable, type Running, type Unavailable } from "./chain.ts";
import { containerRoute } from "./docker.ts";

export type EventStoreServer = Running<{ url: string }>;

const image = "kurrentplatform/kurrentdb:25.0";

/** An EventStoreDB/KurrentDB server: EVENTSTORE_URL, else a container. There is no local route. */
export function eventStoreServer(): Promise<EventStoreServer | Unavailable> {
  return firstAvailable("EventStoreDB", [
    envRoute("EVENTSTORE_URL", "esdb://127.0.0.1:2113?tls=false", (url) => ({ url })),
    containerRoute(image, async () => {
      const { KurrentDbContainer } = await import("@testcontainers/kurrentdb");
      const container = await new KurrentDbContainer(image).start();
      return {
        // esdb:// is the scheme both the EventStoreDB and the KurrentDB clients read.
        address: { url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false` },
        stop: () => container.stop(),
      };
    }),
    async () =>
      "local: none; EventStoreDB/KurrentDB is a .NET server that this repo does not run without Docker",
  ]);
}
