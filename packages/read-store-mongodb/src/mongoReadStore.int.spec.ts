import { randomUUID } from "node:crypto";
import { readStoreContract, reopenableStore } from "@crm/read-store/contract";
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
      () => reopenableStore(() => openMongoReadStore({ url: server.url, database })),
      limits,
    );
  },
);
