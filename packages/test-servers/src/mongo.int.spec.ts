import { randomUUID } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, expect, it } from "vitest";
import { describeWithServer, mongoServer } from "./index.ts";

type CustomerRow = { _id: string; name: string; stage: string; touches: number; firstSeen: string };

await describeWithServer("MongoDB server: insert, find, upsert", mongoServer, (server) => {
  const client = new MongoClient(server.url);
  const db = client.db(`smoke_${randomUUID().replaceAll("-", "")}`);
  const customers = db.collection<CustomerRow>("customers");

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it("finds the documents it inserted, filtered and sorted", async () => {
    await customers.insertMany([
      { _id: "c-1", name: "Ada", stage: "lead", touches: 1, firstSeen: "2026-01-01" },
      { _id: "c-2", name: "Grace", stage: "customer", touches: 3, firstSeen: "2026-01-02" },
      { _id: "c-3", name: "Edsger", stage: "lead", touches: 2, firstSeen: "2026-01-03" },
    ]);

    const leads = await customers.find({ stage: "lead" }).sort({ touches: -1 }).toArray();

    expect(leads.map((row) => row.name)).toEqual(["Edsger", "Ada"]);
  });

  it("an upsert inserts once, then updates the same document in place", async () => {
    const touch = () =>
      customers.updateOne(
        { _id: "c-9" },
        {
          $setOnInsert: { name: "Barbara", firstSeen: "2026-02-01" },
          $set: { stage: "lead" },
          $inc: { touches: 1 },
        },
        { upsert: true },
      );

    const first = await touch();
    const second = await touch();

    expect(first.upsertedCount).toBe(1);
    expect(second.upsertedCount).toBe(0);
    expect(second.modifiedCount).toBe(1);
    expect(await customers.findOne({ _id: "c-9" })).toEqual({
      _id: "c-9",
      name: "Barbara",
      firstSeen: "2026-02-01",
      stage: "lead",
      touches: 2,
    });
  });
});
