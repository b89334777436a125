import { randomUUID } from "node:crypto";
import type { ReadStore } from "@crm/read-store";
import { readStoreContract } from "@crm/read-store/contract";
import { describeWithServer, dropSuiteDatabase, isUnavailable, mongoServer } from "@crm/test-servers";
import { afterAll } from "vitest";
import { openMongoReadStore } from "./mongoReadStore.ts";
import { serverLimits } from "./testing/serverLimits.ts";

// Resolved before the suite is registered: which contract tests apply depends on the server.
const server = await mongoServer();
const limits = isUnavailable(server) ? {} : await serverLimits(server.url);

await describeWithServer(
  "mongodb read store",
  async () => server,
  (server) => {
    // One database for the suite; the contract's own names keep tests apart inside it.
    const database = `read_store_${randomUUID().replaceAll("-", "")}`;

    afterAll(() => dropSuiteDatabase(server.url, database));

    readStoreContract(
      `mongodb (${server.source})`,
      async () => {
        let store: ReadStore = await openMongoReadStore({ url: server.url, database });
        return {
          store,
          reopen: async () => {
            await store.close();
            store = await openMongoReadStore({ url: server.url, database });
            return store;
          },
          dispose: () => store.close(),
        };
      },
      limits,
    );
  },
);
