import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CUSTOMER_STREAM_PREFIX, customerStreamName } from "@crm/domain";
import { firstInChain, leadCreated } from "@crm/domain/testing";
import type { EventStore } from "@crm/event-store";
import { openEventStoreDbStore } from "@crm/event-store-esdb";
import { type StandInServer, startStandInServer } from "@crm/event-store-esdb/testing";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorRecords } from "./anchoring/anchorRecords.ts";
import { startHistoryAnchor } from "./anchoring/historyAnchor.ts";
import { verifyAnchoredHistory } from "./anchoring/verifyAnchoredHistory.ts";
import { withPersonalDataProtection } from "./personalData/protectedEventStore.ts";
import { openSqliteKeyStore } from "./personalData/sqliteKeyStore.ts";

// Contract 10.1 and 10.4 on the EventStoreDB adapter (through the real client, against the
// stand-in server: no EventStoreDB runs here): personal fields stored encrypted, the global
// chain anchored in the read store, and an event written behind the platform's back found.

describe("personal data and the anchored history on EventStoreDB", () => {
  let server: StandInServer;
  let stored: EventStore;
  let directory: string;
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const customerId = randomUUID();

  beforeAll(async () => {
    server = await startStandInServer();
    stored = openEventStoreDbStore({ connectionString: server.connectionString });
    directory = mkdtempSync(join(tmpdir(), "crm-esdb-trust-"));
  });
  afterAll(async () => {
    await stored.close();
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("given a lead appended through the protection, then EventStoreDB holds ciphertext, reads are clear, and the anchored history verifies until an event is slipped in", async () => {
    const keys = openSqliteKeyStore({ path: join(directory, "keys.sqlite") });
    const { eventStore } = withPersonalDataProtection(stored, { keys, masterKey: randomBytes(32) });
    const lead = leadCreated(customerId, {
      name: "Wang Fang",
      company: null,
      email: "wang.fang@esdb.example",
      expectedValue: null,
    });
    await eventStore.append(customerStreamName(customerId), [firstInChain(lead)], {
      expectedRevision: "no_stream",
    });

    const storedBytes = server.events().map((event) => Buffer.from(event.data).toString("utf8"));
    expect(storedBytes.join("\n")).toContain("$encrypted");
    expect(storedBytes.join("\n")).not.toContain("wang.fang@esdb.example");
    expect((await eventStore.readStream(customerStreamName(customerId)))[0]?.data).toMatchObject({
      name: "Wang Fang",
      email: "wang.fang@esdb.example",
    });

    const readStore = openSqliteReadStore({ path: ":memory:" });
    const anchor = startHistoryAnchor({ eventStore: stored, readStore, signingKey: privateKey });
    await anchor.caughtUp;
    const checkpoint = await anchor.checkpointNow();
    const verify = async () =>
      verifyAnchoredHistory(
        stored.readAll({ streamPrefix: CUSTOMER_STREAM_PREFIX }),
        await anchorRecords(readStore).checkpoints(),
        publicKey,
      );
    expect(await verify()).toMatchObject({
      valid: true,
      events: 1,
      latestCheckpoint: { position: checkpoint?.position },
    });

    const slipped = server.record(customerStreamName(customerId), "PurchaseRecorded", { amount: 1 });
    const verdict = await verify();
    expect(verdict).toMatchObject({
      valid: false,
      brokenAt: { reason: "event_altered", customerId, revision: 1 },
    });
    expect(verdict.brokenAt?.position).toBe(String(slipped.position));

    await anchor.stop();
    await readStore.close();
    await keys.close();
  });
});
