import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { customerStreamName } from "@crm/domain";
import { firstInChain, leadCreated } from "@crm/domain/testing";
import { describeWithServer, mongoServer } from "@crm/test-servers";
import { temporaryFolders } from "@crm/testing/specs";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import { openEventStore, openStores } from "./openStores.ts";
import { storeConfigFromEnvironment } from "./storeConfig.ts";
import { KEY_FILES, keyFile, STORE_FILES, storeFile } from "./storeFiles.ts";

// Every process opens its stores through openStores: what it opens must follow the
// environment the same way for the platform, the relay, the projector and the CLI.

const dataDir = temporaryFolders("crm-stores-");

const aLead = (customerId: string, email: string) =>
  firstInChain(
    leadCreated(
      customerId,
      { name: "Wang Fang", company: null, email, expectedValue: null },
      new Date().toISOString(),
    ),
  );

const anEvent = () => ({ eventId: randomUUID(), type: "SomethingHappened", data: { n: 1 }, metadata: {} });

describe("openStores, embedded", () => {
  it("given only a data folder, when opened, then events and read models are SQLite files of their names in it", async () => {
    const folder = dataDir();
    const stores = await openStores(storeConfigFromEnvironment({}, folder));
    await stores.eventStore.append("crm-customer-1", [anEvent()], { expectedRevision: "no_stream" });
    await stores.readStore.checkpoints.store("test", 1n);
    await stores.close();

    expect(existsSync(storeFile(folder, STORE_FILES.events))).toBe(true);
    expect(existsSync(storeFile(folder, STORE_FILES.readModels))).toBe(true);
    expect(stores).toMatchObject({ usesDataDir: true, described: { eventStore: `SQLite in ${folder}` } });
  });

  it("given blank server variables, when the configuration is read, then they count as absent", () => {
    expect(
      storeConfigFromEnvironment({ EVENTSTORE_URL: " ", MONGO_URL: "", CRM_DATA_DIR: "/srv/crm" }),
    ).toEqual({
      dataDir: "/srv/crm",
      eventStoreUrl: undefined,
      mongoUrl: undefined,
      mongoDatabase: "crm",
      masterKey: undefined,
    });
  });

  it("given a lead appended through the stores, then the files hold no email, and another process given the same master key reads it in the clear", async () => {
    const folder = dataDir();
    const config = { dataDir: folder, masterKey: randomBytes(32).toString("base64") };
    const customerId = randomUUID();
    const email = `wang.fang.${customerId}@stores.example`;
    const stores = await openStores(config);
    await stores.eventStore.append(customerStreamName(customerId), [aLead(customerId, email)], {
      expectedRevision: "no_stream",
    });
    const [stored] = await stores.storedEvents.readStream(customerStreamName(customerId));
    await stores.close();

    expect(JSON.stringify(stored?.data)).not.toContain(email);
    expect(readFileSync(storeFile(folder, STORE_FILES.events)).includes(email)).toBe(false);
    expect(existsSync(keyFile(folder, KEY_FILES.personalDataKeys))).toBe(true);
    // A relay or the CLI on the same folder, with the same CRM_MASTER_KEY.
    const relayEvents = await openEventStore(config);
    try {
      const [read] = await relayEvents.readStream(customerStreamName(customerId));
      expect(read?.data).toMatchObject({ name: "Wang Fang", email });
    } finally {
      await relayEvents.close();
    }
  });
});

await describeWithServer("openStores with MONGO_URL", mongoServer, (server) => {
  const database = `stores_${randomUUID().replaceAll("-", "")}`;

  it("given MONGO_URL, when opened, then the read models are in MongoDB and the events stay embedded", async () => {
    const folder = dataDir();
    const stores = await openStores(
      storeConfigFromEnvironment({ MONGO_URL: server.url, MONGO_DATABASE: database }, folder),
    );
    try {
      await stores.readStore.checkpoints.store("test", 42n);
      expect(stores.described).toEqual({
        eventStore: `SQLite in ${folder}`,
        readStore: "MongoDB",
        personalDataKeys: "MongoDB",
      });
      expect(existsSync(storeFile(folder, STORE_FILES.readModels))).toBe(false);
      expect(existsSync(keyFile(folder, KEY_FILES.personalDataKeys))).toBe(false);
    } finally {
      await stores.close();
    }
    const client = new MongoClient(server.url);
    try {
      expect(await client.db(database).listCollections().toArray()).not.toEqual([]);
      await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  });
});
