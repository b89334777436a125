import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openMongoReadStore } from "@crm/read-store-mongodb";
import { KEY_FILES, keyFile, openPersonalDataKeys } from "@crm/stores";
import { describeWithServer, dropMongoDatabase, kafkaAndMongo } from "@crm/test-servers";
import { loadOrCreateSigningKey } from "@crm/trust";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Platform } from "./platform.ts";
import { startPlatformOn } from "./testing/ownComposition.ts";
import { sendHistory, waitForReferralCredits } from "./testing/sendHistory.ts";
import { apiClient, startTestPlatform, type TestPlatform } from "./testing/testPlatform.ts";
import { yearOfHistory } from "./testing/yearOfHistory.ts";

// Issue acceptance: commands over HTTP -> event store -> relay -> Kafka -> projector ->
// MongoDB -> the API's reads, with every view equal to the embedded platform's answer for
// the same commands. The relay and the projector run as their own processes, as deployed.
// The event store is the embedded one here (EventStoreDB has no route on these machines);
// its adapter passes the same contract suite wherever a server is given.

const serviceMain = (service: string) =>
  fileURLToPath(new URL(`../../${service}/src/main.ts`, import.meta.url));

const startService = (service: string, env: Record<string, string>): ChildProcess => {
  const child = spawn(process.execPath, ["--no-warnings", serviceMain(service)], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
};

const stopService = async (child: ChildProcess | undefined) => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
};

type Client = ReturnType<typeof apiClient>;

/**
 * The distributed read models are eventually consistent: a projector batch writes its collections
 * side by side, so one may trail another by a moment after the summaries caught up. Equal within
 * 20 s, or the last answer is reported.
 */
const eventually = <T>(read: () => Promise<T>, expected: T) =>
  expect.poll(read, { timeout: 20_000, interval: 250 }).toEqual(expected);

/** Polls until the distributed read models hold every customer at the revision the embedded platform has. */
const readModelsCaughtUp = async (distributed: Client, embedded: Client) => {
  const revisions = async (client: Client) =>
    (
      (await client("analyst").get("/customers?limit=500")).body.items as Array<{
        customerId: string;
        revision: number;
      }>
    )
      .map(({ customerId, revision }) => `${customerId}:${revision}`)
      .sort();
  const expected = await revisions(embedded);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const actual = await revisions(distributed);
    if (JSON.stringify(actual) === JSON.stringify(expected)) return expected.length;
    if (Date.now() > deadline) expect(actual).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

await describeWithServer("the distributed path, end to end", kafkaAndMongo, ({ brokers, mongoUrl }) => {
  const suffix = randomUUID().slice(0, 8);
  const topic = `crm.customer-events.e2e-${suffix}`;
  const database = `crm_e2e_${suffix}`;
  const dataDir = mkdtempSync(join(tmpdir(), "crm-distributed-"));
  let embedded: TestPlatform;
  let distributed: Platform;
  let relay: ChildProcess | undefined;
  let projector: ChildProcess | undefined;
  let cut: string;

  beforeAll(async () => {
    embedded = await startTestPlatform();
    distributed = await startPlatformOn(
      () => openMongoReadStore({ url: mongoUrl, database }),
      {
        // Contract 10.1: the keys in MongoDB, where the relay finds them too.
        personalData: openPersonalDataKeys({ dataDir, mongoUrl, mongoDatabase: database }),
        // Contract 10.4: the checkpoints in MongoDB beside the read models.
        signingKey: loadOrCreateSigningKey(keyFile(dataDir, KEY_FILES.signingKey)),
      },
      dataDir,
    );
    relay = startService("relay", {
      KAFKA_BROKERS: brokers.join(","),
      KAFKA_TOPIC: topic,
      CRM_DATA_DIR: dataDir,
      MONGO_URL: mongoUrl,
      MONGO_DATABASE: database,
    });
    projector = startService("projector", {
      KAFKA_BROKERS: brokers.join(","),
      KAFKA_TOPIC: topic,
      MONGO_URL: mongoUrl,
      MONGO_DATABASE: database,
      PROJECTOR_GROUP: `e2e-${suffix}`,
      CRM_DATA_DIR: dataDir,
    });

    const end = new Date(Date.now() - 3 * 86_400_000);
    end.setUTCHours(0, 0, 0, 0);
    const plan = yearOfHistory({ seed: 20261123, end, customers: 40 });
    const distributedClient = { as: apiClient(distributed) };
    const sentToEmbedded = await sendHistory(embedded, plan.commands);
    const sentToDistributed = await sendHistory(distributedClient, plan.commands);
    await waitForReferralCredits(embedded, sentToEmbedded);
    await waitForReferralCredits(distributedClient, sentToDistributed);
    cut = new Date().toISOString();
    await readModelsCaughtUp(apiClient(distributed), embedded.as);
  }, 240_000);

  afterAll(async () => {
    await stopService(relay);
    await stopService(projector);
    await distributed?.close();
    await embedded?.close();
    await dropMongoDatabase(mongoUrl, database);
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Contract 9.4 / 9.6 added stage velocity and activity to the views of section 5.
  it.each(["funnel", "lifecycle", "churn", "stage-velocity", "activity"])(
    "given the same commands, when the %s view is read from MongoDB, then it equals the embedded platform's",
    async (view) => {
      const query = `/views/${view}?to=${encodeURIComponent(cut)}`;
      const fromEmbedded = await embedded.as("analyst").get(query);
      expect(fromEmbedded.status).toBe(200);
      await eventually(
        async () => (await apiClient(distributed)("analyst").get(query)).body,
        fromEmbedded.body,
      );
    },
  );

  it("given the same commands, when the customer-value view is read from MongoDB, then it equals the embedded platform's", async () => {
    // No window here, so asOf is the moment of each request: leave out what depends on that moment.
    const customerValue = async (client: Client) => {
      const { body } = await client("analyst").get("/views/customer-value");
      return {
        summary: body.summary,
        customers: body.customers.map(
          ({ recencyDays: _moment, ...customer }: Record<string, unknown>) => customer,
        ),
      };
    };
    const fromEmbedded = await customerValue(embedded.as);
    expect(fromEmbedded.customers.length).toBeGreaterThan(5);
    await eventually(() => customerValue(apiClient(distributed)), fromEmbedded);
  });

  it("given the same commands, when customers are searched and exported, then both platforms list the same", async () => {
    for (const query of [
      "/customers?limit=500",
      "/customers?limit=500&stage=won",
      "/customers?limit=500&pool=true",
    ])
      await eventually(
        async () => (await apiClient(distributed)("analyst").get(query)).body,
        (await embedded.as("analyst").get(query)).body,
      );
    await eventually(
      async () => (await apiClient(distributed)("analyst").get("/customers/export.csv")).body,
      (await embedded.as("analyst").get("/customers/export.csv")).body,
    );
  });

  it("given the same commands, when each assignee's follow-ups are read from MongoDB, then both platforms list the same", async () => {
    let listed = 0;
    for (const assigneeId of ["rep-ana", "rep-bo", "rep-chen", "rep-dara", "service-actor"]) {
      // Each platform gave its own follow-up ids; everything else must match, in order.
      const list = async (client: Client) => {
        const reply = await client("analyst").get(`/follow-ups?assigneeId=${assigneeId}&limit=500`);
        expect(reply.status).toBe(200);
        return reply.body.items.map(({ followUpId: _id, ...item }: Record<string, unknown>) => item);
      };
      const fromEmbedded = await list(embedded.as);
      await eventually(() => list(apiClient(distributed)), fromEmbedded);
      listed += fromEmbedded.length;
    }
    expect(listed).toBeGreaterThan(5);
  });

  it("given the same commands (profile changes and merges included), when the duplicate review queue is read from MongoDB, then it equals the embedded platform's", async () => {
    const expected = (await embedded.as("sales").get("/duplicates?limit=500")).body;
    const deadline = Date.now() + 30_000;
    let fromMongo = await apiClient(distributed)("sales").get("/duplicates?limit=500");
    // Written beside the summaries the catch-up polled, so it may land a moment later.
    while (JSON.stringify(fromMongo.body) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      fromMongo = await apiClient(distributed)("sales").get("/duplicates?limit=500");
    }
    expect(fromMongo.status).toBe(200);
    expect(fromMongo.body).toEqual(expected);
  });

  it("given the same commands, when the audit trail is read from MongoDB, then it holds every event", async () => {
    // The referral reactor appends ReferralCredited on its own, after the referred customer's
    // purchase, so where it falls among the referrer's next commands is a matter of timing: the
    // two platforms may number it differently. Compared, then: every customer's events by type
    // (each as often), and every customer's revisions, 0 to n - 1 with none missing.
    const entries = async (client: Client) => {
      const items: Array<{ customerId: string; revision: number; type: string }> = [];
      let cursor: string | null = null;
      do {
        const page: {
          body: {
            items: Array<{ customerId: string; revision: number; type: string }>;
            nextCursor: string | null;
          };
        } = await client("auditor").get(`/audit?limit=500${cursor ? `&cursor=${cursor}` : ""}`);
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return {
        events: items.map((item) => `${item.customerId}:${item.type}`).sort(),
        revisions: items.map((item) => `${item.customerId}:${item.revision}`).sort(),
      };
    };
    const fromEmbedded = await entries(embedded.as);
    expect(fromEmbedded.events.length).toBeGreaterThan(100);
    await eventually(() => entries(apiClient(distributed)), fromEmbedded);
  });

  it("given the history anchored with its checkpoints in MongoDB, then verify holds over every event, and reads of personal data are on record there", async () => {
    const client = apiClient(distributed);
    const anchor = distributed.historyAnchor;
    if (!anchor) throw new Error("the distributed platform here anchors its history");
    await anchor.caughtUp;
    // Nothing to sign when the minute's checkpoint came first: the newest one is then already the last event's.
    await anchor.checkpointNow();
    const [latest] = (await client("auditor").get("/audit/checkpoints?limit=1")).body.items;
    expect(latest).toBeDefined();
    const verdict = (await client("auditor").get("/audit/verify")).body;
    expect(verdict).toMatchObject({ valid: true, latestCheckpoint: { position: latest.position } });
    expect(verdict.events).toBeGreaterThan(100);

    expect((await client("analyst").get("/customers/export.csv?stage=won")).status).toBe(200);
    const access = (await client("auditor").get("/audit/access?actorId=analyst-actor")).body;
    expect(access.items[0]).toMatchObject({ what: "export", filters: { stage: "won" } });
  });

  // Last: it changes the distributed side, which the comparisons above read.
  it("given an erasure, then the topic carries it and MongoDB's read models and key store keep nothing readable", async () => {
    const client = apiClient(distributed);
    const { items } = (await client("analyst").get("/customers?limit=500&stage=won")).body;
    const { customerId, email, name } = items.find((item: { email: string | null }) => item.email !== null);
    const erased = await client("admin").post(`/customers/${customerId}/erasure`, { reason: "DSR-9" });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);

    // The projector service learns of the erasure from the topic alone.
    const deadline = Date.now() + 60_000;
    let summary: { name: string; email: string | null } | undefined;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const listed = (await client("analyst").get("/customers?limit=500")).body.items;
      summary = listed.find((item: { customerId: string }) => item.customerId === customerId);
    } while (summary?.name !== "[erased]" && Date.now() < deadline);
    expect(summary).toMatchObject({ name: "[erased]", email: null });
    expect((await client("admin").get(`/customers/${customerId}`)).body).toMatchObject({
      erased: true,
      email: null,
    });
    const mongoClient = new MongoClient(mongoUrl);
    try {
      const db = mongoClient.db(database);
      const everything = JSON.stringify(
        await Promise.all(
          (await db.listCollections().toArray()).map((collection) =>
            db.collection(collection.name).find().toArray(),
          ),
        ),
      );
      expect(everything).not.toContain(email);
      // Quoted: "Contact 1" must not be found inside "Contact 12".
      expect(everything).not.toContain(JSON.stringify(name));
      expect(await db.collection("personal_data_keys").findOne({ _id: customerId as never })).toMatchObject({
        wrappedKey: null,
        pending: false,
      });
    } finally {
      await mongoClient.close();
    }
  });
});
