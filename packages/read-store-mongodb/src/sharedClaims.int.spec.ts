import { randomUUID } from "node:crypto";
import { describeWithServer, dropMongoDatabase, mongoServer } from "@crm/test-servers";
import { MongoClient } from "mongodb";
import { afterAll, expect, it } from "vitest";
import { CLAIMS } from "./claimCollections.ts";
import { openMongoReadStore } from "./mongoReadStore.ts";

type Card = { _id: string; stage: string };

await describeWithServer(
  "mongodb read store: write claims",
  () => mongoServer(),
  (server) => {
    const database = `claims_${randomUUID().replaceAll("-", "")}`;
    afterAll(() => dropMongoDatabase(server.url, database));

    it("given claims deleted above the newest a writer can see (it stalled past the cleanup), when it writes under a number taken before, then a reader following the changes still gets its document", async () => {
      const store = await openMongoReadStore({ url: server.url, database });
      const client = await new MongoClient(server.url).connect();
      try {
        const cards = store.collection<Card>("cards");
        for (const id of ["c-1", "c-2", "c-3"]) await cards.putMany([{ _id: id, stage: "lead" }]);
        const mark = await cards.changeMark();
        // What a stalled writer sees: the newest claims gone (their done markers and ids stay).
        const claims = client.db(database).collection<{ _id: number }>(CLAIMS);
        const [newest] = await claims.find().sort({ _id: -1 }).limit(1).toArray();
        await claims.deleteMany({ _id: { $gt: (newest?._id ?? 0) - 2 } });

        await cards.putMany([{ _id: "c-1", stage: "customer" }]);

        expect((await cards.changesSince(mark))?.documents).toEqual([{ _id: "c-1", stage: "customer" }]);
      } finally {
        await client.close();
        await store.close();
      }
    });

    it("given a claim left in flight by a writer that died a while ago, when writers go on, then it is given up and a reader's changes after a fresh mark are only what was written since", async () => {
      const store = await openMongoReadStore({ url: server.url, database });
      const client = await new MongoClient(server.url).connect();
      try {
        const cards = store.collection<Card>("dealt");
        await cards.putMany([{ _id: "c-1", stage: "lead" }]);
        const claims = client.db(database).collection<{ _id: number; names: string[]; at: Date }>(CLAIMS);
        const [newest] = await claims.find().sort({ _id: -1 }).limit(1).toArray();
        await claims.insertOne({
          _id: (newest?._id ?? 0) + 1,
          names: ["dealt"],
          at: new Date(Date.now() - 3_600_000),
        });

        await expect
          .poll(
            async () => {
              // Ten claims: old claims are tidied every tenth.
              for (let write = 0; write < 10; write++)
                await cards.putMany([{ _id: "c-2", stage: `${write}` }]);
              const mark = await cards.changeMark();
              await cards.putMany([{ _id: "c-3", stage: "lead" }]);
              return (await cards.changesSince(mark))?.documents.map(({ _id }) => _id);
            },
            { timeout: 20_000, interval: 50 },
          )
          .toEqual(["c-3"]);
      } finally {
        await client.close();
        await store.close();
      }
    });
  },
);
