import { envRoute, firstAvailable, type Running, type Unavailable } from "./chain.ts";
import { containerRoute } from "./docker.ts";
import { localRoute } from "./localInfra.ts";

/** `url` names no database: each suite picks its own, so suites can share a server. */
export type MongoServer = Running<{ url: string }>;

const image = "mongo:8.0";

/**
 * A MongoDB server: MONGO_URL, else a mongo:8.0 container (a one-node replica set, so
 * transactions and change streams work), else FerretDB v1 on SQLite from infra/local
 * (no transactions, no change streams: see infra/local/README.md).
 */
export function mongoServer(): Promise<MongoServer | Unavailable> {
  return firstAvailable("MongoDB", [
    envRoute("MONGO_URL", "mongodb://127.0.0.1:27017/", (url) => ({ url })),
    containerRoute(image, async () => {
      const { MongoDBContainer } = await import("@testcontainers/mongodb");
      const container = await new MongoDBContainer(image).start();
      return {
        address: { url: `${container.getConnectionString()}/?directConnection=true` },
        stop: () => container.stop(),
      };
    }),
    localRoute("ferretdb", "MONGO_URL", (url) => ({ url })),
  ]);
}
