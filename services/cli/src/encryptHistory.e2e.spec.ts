import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { startPlatform } from "@crm/platform";
import { aLead, apiClient, startTestPlatform, TEST_API_KEYS, type TestPlatform } from "@crm/platform/testing";
import { withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { KEY_FILES, keyFile, STORE_FILES, storeFile } from "@crm/stores";
import { HISTORY_MIGRATIONS_COLLECTION, loadOrCreateSigningKey } from "@crm/trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedEnvironment } from "./testing/embeddedEnvironment.ts";

// Contract 10.1, events written in plaintext before encryption existed: `crm encrypt-history`
// rewrites them once, in place, re-chained and re-anchored, and the migration is on the record.

const cli = fileURLToPath(new URL("./main.ts", import.meta.url));
const encryptHistory = (dataDir: string) =>
  promisify(execFile)(process.execPath, ["--no-warnings", cli, "encrypt-history", "--data-dir", dataDir], {
    env: embeddedEnvironment(),
  });

const eventFilesHold = (dataDir: string, secret: string) =>
  readdirSync(dataDir)
    .filter((file) => file.startsWith(STORE_FILES.events))
    .some((file) => readFileSync(join(dataDir, file)).includes(Buffer.from(secret, "utf8")));

describe("crm encrypt-history: the one-time migration of plaintext events", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-legacy-"));
  const kept = aLead({ name: `Kept ${crypto.randomUUID().slice(0, 6)}` });
  const erased = aLead({ name: `Erased ${crypto.randomUUID().slice(0, 6)}` });
  const ids: Record<"kept" | "erased" | "recent", string> = { kept: "", erased: "", recent: "" };
  let crm: TestPlatform;
  let migration: { eventsRewritten: number; reservationsMoved: number; checkpoint: { events: number } };

  beforeAll(async () => {
    // A platform as built before personal fields were encrypted: no key store at all.
    const legacy = await startPlatform({
      eventStore: openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) }),
      readStore: await withCollectionAliases(
        openSqliteReadStore({ path: storeFile(dataDir, STORE_FILES.readModels) }),
      ),
      apiKeys: TEST_API_KEYS,
      projectReadModels: true,
      signingKey: loadOrCreateSigningKey(keyFile(dataDir, KEY_FILES.signingKey)),
    });
    const sales = apiClient(legacy)("sales");
    ids.kept = (await sales.post("/leads", kept)).body.customerId;
    ids.erased = (await sales.post("/leads", erased)).body.customerId;
    await sales.post(`/customers/${ids.kept}/interactions`, {
      channel: "call",
      direction: "inbound",
      summary: `Private matter of ${kept.name}`,
    });
    await legacy.caughtUp;
    await legacy.historyAnchor?.waitFor(
      (await legacy.eventStore.readStream(`crm-customer-${ids.kept}`))[1]?.position ?? 0n,
    );
    await legacy.historyAnchor?.checkpointNow();
    await legacy.close();
    expect(eventFilesHold(dataDir, kept.email)).toBe(true);

    // Upgraded: new events are encrypted, the old ones still plaintext on disk.
    crm = await startTestPlatform(dataDir);
    await crm.platform.caughtUp;
    expect((await crm.as("admin").post(`/customers/${ids.erased}/erasure`, { reason: "DSR-4" })).status).toBe(
      200,
    );
    ids.recent = (await crm.as("sales").post("/leads", aLead())).body.customerId;
    expect(eventFilesHold(dataDir, erased.email)).toBe(true);
    await crm.platform.close();

    const { stdout } = await encryptHistory(dataDir);
    migration = JSON.parse(stdout);
    await crm.restart();
  }, 60_000);
  afterAll(() => crm.close());

  it("given plaintext events, then none of their personal data is left in the event store's files", () => {
    expect(migration.eventsRewritten).toBeGreaterThanOrEqual(3);
    expect(migration.reservationsMoved).toBeGreaterThan(0);
    for (const secret of [kept.name, kept.email, `Private matter of ${kept.name}`, erased.name, erased.email])
      expect(eventFilesHold(dataDir, secret), secret).toBe(false);
  });

  it("given the migration, then a customer kept reads as before and the erased one stays erased", async () => {
    const customer = (await crm.as("sales").get(`/customers/${ids.kept}`)).body;
    expect(customer).toMatchObject({ name: kept.name, email: kept.email, erased: false });
    const history = (await crm.as("auditor").get(`/customers/${ids.kept}/history`)).body;
    expect(history.events[1].data.summary).toBe(`Private matter of ${kept.name}`);
    expect((await crm.as("admin").get(`/customers/${ids.erased}`)).body).toMatchObject({
      name: "[erased]",
      email: null,
    });
  });

  it("given the migration, then every chain verifies against a new signed checkpoint, and the old one is kept on record", async () => {
    expect(migration.checkpoint.events).toBe(5);
    expect((await crm.as("auditor").get(`/customers/${ids.kept}/verify`)).body).toEqual({
      valid: true,
      events: 2,
    });
    expect((await crm.as("auditor").get("/audit/verify")).body).toMatchObject({
      valid: true,
      events: 5,
      checkpoints: 1,
    });
    const [record] = await crm.platform.readStore
      .collection<{ _id: string }>(HISTORY_MIGRATIONS_COLLECTION)
      .all();
    expect(record).toMatchObject({
      what: "encrypt-history",
      verdictBefore: { valid: true },
      lastCheckpointBefore: { events: 3, signature: expect.any(String) },
    });
  });

  it("given the reservations moved to their keyed names, then the kept email is still taken and the erased one free", async () => {
    expect((await crm.as("sales").post("/leads", aLead({ email: kept.email }))).status).toBe(409);
    expect((await crm.as("sales").post("/leads", aLead({ email: erased.email }))).status).toBe(201);
  });
});
