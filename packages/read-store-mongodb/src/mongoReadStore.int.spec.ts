import { randomUUID } from "node:crypto";
import { readStoreContract, reopenableStore } from "@crm/read-store/contract";
import { describeWithServer, dropMongoDatabase, isUnavailable, mongoServer } from "@crm/test-servers";
import { afterAll, expect, it } from "vitest";
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

    afterAll(() => dropMongoDatabase(server.url, database));

    readStoreContract(
      `mongodb (${server.source})`,
      () => reopenableStore(() => openMongoReadStore({ url: server.url, database })),
      limits,
    );

    it("a document another writer inserted after this one read it as missing is replaced with this writer's version, beside new ones inserted", async () => {
      const [ours, theirs] = await Promise.all([
        openMongoReadStore({ url: server.url, database }),
        openMongoReadStore({ url: server.url, database }),
      ]);
      const name = `raced_${randomUUID().replaceAll("-", "")}`;
      const mine = ours.collection<{ _id: string; by: string }>(name);
      try {
        expect(await mine.getMany(["contested", "new"])).toEqual(new Map());
        await theirs
          .collection<{ _id: string; by: string }>(name)
          .putMany([{ _id: "contested", by: "theirs" }]);
        await mine.putMany([
          { _id: "contested", by: "ours" },
          { _id: "new", by: "ours" },
        ]);
        const stored = await theirs
          .collection<{ _id: string; by: string }>(name)
          .getMany(["contested", "new"]);
        expect([...stored.values()]).toEqual([
          { _id: "contested", by: "ours" },
          { _id: "new", by: "ours" },
        ]);
      } finally {
        await Promise.all([ours.close(), theirs.close()]);
      }
    });
  },
);
