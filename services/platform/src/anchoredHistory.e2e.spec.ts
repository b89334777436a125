import { execFile } from "node:child_process";
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CUSTOMER_STREAM_PREFIX, customerStreamName } from "@crm/domain";
import { STORE_FILES, storeFile } from "@crm/stores";
import { openedPerTest } from "@crm/testing/specs";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { anInteraction, givenALead } from "./testing/customerFixtures.ts";
import { openEventsFile } from "./testing/eventsFile.ts";
import { platformPerTest } from "./testing/platformPerSuite.ts";
import { statusByRole } from "./testing/thenSteps.ts";

// Contract section 10.4: the global chain and its signed checkpoints, checked by
// GET /audit/verify and `crm verify --all`. Each case tampers with the SQLite files
// directly, as someone with access to the disk could, and the first break must be
// named with its position.

const cli = fileURLToPath(new URL("../../cli/src/main.ts", import.meta.url));
/** The CLI on the data folder only: the distributed stores of the test environment stay out of it. */
const crmVerifyAll = (dataDir: string) => {
  const { EVENTSTORE_URL: _events, MONGO_URL: _mongo, ...env } = process.env;
  return promisify(execFile)(
    process.execPath,
    ["--no-warnings", cli, "verify", "--all", "--data-dir", dataDir],
    {
      env,
    },
  ).then(
    ({ stdout }) => ({ code: 0, verdict: JSON.parse(stdout) }),
    (error: { code: number; stdout: string }) => ({
      code: error.code,
      verdict: JSON.parse(error.stdout || "null"),
    }),
  );
};

describe("anchored history: the global chain against signed checkpoints", () => {
  const crm = platformPerTest();
  const events = openedPerTest(
    () => openEventsFile(crm.dataDir),
    (file) => file.close(),
  );

  /** Two customers with three events each, interleaved in the store. */
  const givenTwoCustomers = async () => {
    const sales = crm.as("sales");
    const first = await givenALead(crm);
    const second = await givenALead(crm);
    for (const id of [first, second, first, second])
      expect((await sales.post(`/customers/${id}/interactions`, anInteraction())).status).toBe(201);
    return [first, second] as const;
  };
  /** What the minute timer would do: a checkpoint over everything appended so far. */
  const anchorNow = async () => {
    const customerEvents = (await crm.allEvents()).filter((event) =>
      event.streamName.startsWith(CUSTOMER_STREAM_PREFIX),
    );
    const anchor = crm.platform.historyAnchor;
    if (!anchor) throw new Error("the embedded platform anchors its history");
    await anchor.waitFor(customerEvents.at(-1)?.position ?? 0n);
    return anchor.checkpointNow();
  };
  const positionOf = async (customerId: string, revision: number) =>
    (await crm.customerStream(customerId))[revision]?.position.toString();
  const verify = async () => {
    const reply = await crm.as("auditor").get("/audit/verify");
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body;
  };
  /** Removes one event of a customer's stream from the file. */
  const deleteEvent = (customerId: string, revision: number) =>
    events.tamper("DELETE FROM events WHERE stream_name = $stream AND revision = $revision", {
      stream: customerStreamName(customerId),
      revision,
    });
  /** The API and `crm verify --all` both find the history broken, first at `brokenAt`. */
  const expectBrokenAt = async (brokenAt: Record<string, unknown>) => {
    expect(await verify()).toMatchObject({ valid: false, brokenAt });
    expect(await crmVerifyAll(crm.dataDir)).toMatchObject({ code: 1, verdict: { valid: false, brokenAt } });
  };

  it("given an untouched store, then valid, and each checkpoint's signature holds under the served public key", async () => {
    await givenTwoCustomers();
    await anchorNow();

    expect(await verify()).toEqual({
      valid: true,
      events: 6,
      customers: 2,
      checkpoints: 1,
      latestCheckpoint: { position: expect.any(String), at: expect.any(String) },
    });
    const served = await crm.as(null).get("/audit/public-key");
    expect(served.status).toBe(200);
    const publicKey = createPublicKey(served.body.publicKey);
    const { items, nextCursor } = (await crm.as("auditor").get("/audit/checkpoints")).body;
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(1);
    const { signature, ...signed } = items[0];
    expect(signed.events).toBe(6);
    expect(
      verifySignature(
        null,
        Buffer.from(canonicalize(signed) ?? ""),
        publicKey,
        Buffer.from(signature, "base64"),
      ),
    ).toBe(true);
    expect(await crmVerifyAll(crm.dataDir)).toMatchObject({ code: 0, verdict: { valid: true, events: 6 } });
  });

  it("given a payload edited in the file, then the break is that event, at its position", async () => {
    const [first] = await givenTwoCustomers();
    await anchorNow();
    events.tamper(
      "UPDATE events SET data = json_set(data, '$.durationSeconds', 9999) WHERE stream_name = $s AND revision = 1",
      {
        s: customerStreamName(first),
      },
    );

    const expected = {
      position: await positionOf(first, 1),
      reason: "event_altered",
      customerId: first,
      revision: 1,
    };
    await expectBrokenAt(expected);
  });

  it("given an event deleted mid-stream, then the missing revision is named where the stream goes on", async () => {
    const [, second] = await givenTwoCustomers();
    await anchorNow();
    const nextPresent = await positionOf(second, 2);
    deleteEvent(second, 1);

    const expected = { position: nextPresent, reason: "event_missing", customerId: second, revision: 1 };
    await expectBrokenAt(expected);
  });

  it("given a stream's last events deleted before the latest checkpoint, then that stream's tail is named", async () => {
    const [first, second] = await givenTwoCustomers();
    await crm.as("sales").post(`/customers/${second}/interactions`, anInteraction());
    await anchorNow();
    // The first customer's newest event (revision 2) is not the store's newest: only a checkpoint can tell.
    const removed = await positionOf(first, 2);
    deleteEvent(first, 2);

    const expected = { position: removed, reason: "stream_tail_missing", customerId: first, revision: 2 };
    await expectBrokenAt(expected);
  });

  it("given the store's last events deleted before the latest checkpoint, then the store's tail is reported", async () => {
    const [, second] = await givenTwoCustomers();
    await anchorNow();
    const lastKept = await positionOf(second, 1);
    events.tamper("DELETE FROM events WHERE position > $p AND stream_name LIKE 'crm-customer-%'", {
      p: Number(lastKept),
    });

    const verdict = await verify();
    expect(verdict).toMatchObject({ valid: false, events: 4, brokenAt: { reason: "store_tail_missing" } });
    expect(BigInt(verdict.brokenAt.position)).toBeGreaterThan(BigInt(lastKept as string));
    expect(await crmVerifyAll(crm.dataDir)).toMatchObject({
      code: 1,
      verdict: { brokenAt: verdict.brokenAt },
    });
  });

  it("given a checkpoint forged in the read store, then it is named by its position", async () => {
    await givenTwoCustomers();
    const checkpoint = await anchorNow();
    await crm.platform.close();
    const readModels = new DatabaseSync(storeFile(crm.dataDir, STORE_FILES.readModels));
    const forgedHash = "0".repeat(64);
    const changed = readModels
      .prepare(
        "UPDATE documents SET body = json_set(body, '$.globalHash', $hash) WHERE collection = 'anchored_checkpoints'",
      )
      .run({ hash: forgedHash }).changes;
    readModels.close();
    expect(changed).toBe(1);
    await crm.restart();

    const expected = { position: checkpoint?.position, reason: "checkpoint_forged" };
    await expectBrokenAt(expected);
  });

  it.each(statusByRole(["auditor", "admin"]))(
    "given role %s, then verify and checkpoints answer %i",
    async (role, status) => {
      expect((await crm.as(role).get("/audit/verify")).status).toBe(status);
      expect((await crm.as(role).get("/audit/checkpoints")).status).toBe(status);
    },
  );
});
