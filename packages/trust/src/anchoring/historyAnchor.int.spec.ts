import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chainHash, customerStreamName, GENESIS_HASH } from "@crm/domain";
import type { EventStore, NewEvent, RecordedEvent } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import type { CollectionOptions, ReadModelDocument, ReadStore } from "@crm/read-store";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { anchorRecords } from "./anchorRecords.ts";
import { startHistoryAnchor } from "./historyAnchor.ts";
import { signCheckpoint } from "./signedCheckpoint.ts";
import { verifyAnchoredHistory } from "./verifyAnchoredHistory.ts";

// Contract section 10.4 on the real embedded stores: checkpoints every 1,000 events or when
// the interval has passed, resuming after a restart, verified against the platform's key.

const { privateKey, publicKey } = generateKeyPairSync("ed25519");

/** `count` chained interactions for one customer, starting after `previous`. */
const chained = (count: number, firstRevision: number, previous: string): NewEvent[] => {
  let prevHash = previous;
  return Array.from({ length: count }, (_, index) => {
    const eventId = randomUUID();
    const data = { schemaVersion: 1, note: `event ${firstRevision + index}` };
    const metadata = { eventId, prevHash, occurredAt: new Date().toISOString() };
    const hash = chainHash({ type: "Noted", data, metadata: metadata as never });
    prevHash = hash;
    return { eventId, type: "Noted", data, metadata: { ...metadata, hash } };
  });
};

const appendTo = async (store: EventStore, customerId: string, count: number) => {
  const stream = customerStreamName(customerId);
  const existing = await store.readStream(stream);
  const last = existing.at(-1);
  await store.append(
    stream,
    chained(count, existing.length, (last?.metadata.hash as string) ?? GENESIS_HASH),
    {
      expectedRevision: last ? last.revision : "no_stream",
    },
  );
};

const allEvents = (store: EventStore): AsyncIterable<RecordedEvent> => store.readAll();

describe("anchoring the history with signed checkpoints", () => {
  let directory: string;
  let opened: { store: EventStore };
  let readStore: ReturnType<typeof openSqliteReadStore>;
  const customers = [randomUUID(), randomUUID(), randomUUID()];

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "crm-anchor-"));
    opened = { store: openSqliteEventStore({ path: join(directory, "events.sqlite") }) };
    readStore = openSqliteReadStore({ path: ":memory:" });
  });
  afterEach(async () => {
    await readStore.close();
    await opened.store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const start = (
    options: { checkpointEveryMs?: number; saveStateEvery?: number; readStore?: ReadStore } = {},
  ) => startHistoryAnchor({ eventStore: opened.store, readStore, signingKey: privateKey, ...options });

  /** The checkpoints stored cover these event counts, and all of them verify. */
  const expectVerifiedCheckpoints = async (events: number[]) => {
    const checkpoints = await anchorRecords(readStore).checkpoints();
    expect(checkpoints.map((checkpoint) => checkpoint.events)).toEqual(events);
    expect((await verifyAnchoredHistory(allEvents(opened.store), checkpoints, publicKey)).valid).toBe(true);
  };

  it("given 2,500 events, when anchored, then a checkpoint at every 1,000th and the rest on demand, and all verify", async () => {
    for (const customerId of customers) await appendTo(opened.store, customerId, 800);
    await appendTo(opened.store, customers[0] as string, 100);
    const anchor = start();
    await anchor.caughtUp;
    await anchor.checkpointNow();
    await anchor.stop();

    const checkpoints = await anchorRecords(readStore).checkpoints();
    expect(checkpoints.map((checkpoint) => [checkpoint.events, checkpoint.position])).toEqual([
      [1_000, "1000"],
      [2_000, "2000"],
      [2_500, "2500"],
    ]);
    expect(await verifyAnchoredHistory(allEvents(opened.store), checkpoints, publicKey)).toEqual({
      valid: true,
      events: 2_500,
      customers: 3,
      checkpoints: 3,
      latestCheckpoint: { position: "2500", at: expect.any(String) },
    });
  });

  it("given a few events and a quiet interval, then a checkpoint is signed without waiting for 1,000", async () => {
    const anchor = start({ checkpointEveryMs: 100 });
    await appendTo(opened.store, customers[1] as string, 3);

    await vi.waitFor(async () => expect(await anchorRecords(readStore).checkpoints()).toHaveLength(1), {
      timeout: 5_000,
    });
    await anchor.stop();
    const [checkpoint] = await anchorRecords(readStore).checkpoints();
    expect(checkpoint).toMatchObject({
      position: "3",
      events: 3,
      heads: { [customers[1] as string]: { revision: 2 } },
    });
  });

  it("given a restart between appends, then the chain resumes where it stopped and still verifies", async () => {
    await appendTo(opened.store, customers[0] as string, 5);
    const first = start();
    await first.caughtUp;
    await first.checkpointNow();
    await first.stop();
    await appendTo(opened.store, customers[2] as string, 4);
    const second = start();
    await second.waitFor(9n);
    await second.checkpointNow();
    await second.stop();

    await expectVerifiedCheckpoints([5, 9]);
  });

  it("given events linked and no checkpoint due, then the state is saved on stop, not per batch, and a restart goes on from it", async () => {
    const anchor = start({ saveStateEvery: 1_000 });
    await appendTo(opened.store, customers[0] as string, 3);
    await anchor.waitFor(3n);
    await appendTo(opened.store, customers[1] as string, 2);
    await anchor.waitFor(5n);
    expect(await anchorRecords(readStore).readState()).toBeUndefined();
    await anchor.stop();
    expect(await anchorRecords(readStore).readState()).toMatchObject({ position: "5", sinceCheckpoint: 5 });

    const again = start();
    await again.caughtUp;
    const checkpoint = await again.checkpointNow();
    await again.stop();
    expect(checkpoint).toMatchObject({ position: "5", events: 5 });
  });

  it("given a crash after events were linked but before the state was saved, then the next start links them again and the chain verifies", async () => {
    const file = join(directory, "read.sqlite");
    const beforeCrash = openSqliteReadStore({ path: file });
    const crashed = start({ readStore: beforeCrash, saveStateEvery: 1_000 });
    try {
      await appendTo(opened.store, customers[0] as string, 4);
      await crashed.waitFor(4n);
      // What a crash leaves: the file as written so far, opened by the next process.
      const afterCrash = openSqliteReadStore({ path: file });
      try {
        expect(await anchorRecords(afterCrash).readState()).toBeUndefined();
        const next = start({ readStore: afterCrash });
        await appendTo(opened.store, customers[2] as string, 2);
        await next.waitFor(6n);
        await next.checkpointNow();
        await next.stop();
        const checkpoints = await anchorRecords(afterCrash).checkpoints();
        expect(checkpoints.map((checkpoint) => [checkpoint.events, checkpoint.position])).toEqual([[6, "6"]]);
        expect((await verifyAnchoredHistory(allEvents(opened.store), checkpoints, publicKey)).valid).toBe(
          true,
        );
      } finally {
        await afterCrash.close();
      }
    } finally {
      await crashed.stop();
      await beforeCrash.close();
    }
  });

  it("given the state's write failing after its checkpoint was stored, then the anchor goes on and every checkpoint listed still verifies", async () => {
    let failNextStateWrite = false;
    const failing: ReadStore = {
      ...readStore,
      collection: <T extends ReadModelDocument>(name: string, options?: CollectionOptions) => {
        const collection = readStore.collection<T>(name, options);
        if (name !== "anchored_history_state") return collection;
        return {
          ...collection,
          putMany: async (documents: readonly T[]) => {
            if (failNextStateWrite) {
              failNextStateWrite = false;
              throw new Error("the read store is down");
            }
            return collection.putMany(documents);
          },
        };
      },
    };
    const anchor = start({ readStore: failing });
    await appendTo(opened.store, customers[0] as string, 3);
    await anchor.waitFor(3n);
    await anchorRecords(readStore).checkpoints();
    failNextStateWrite = true;
    await expect(anchor.checkpointNow()).rejects.toThrow("the read store is down");
    await appendTo(opened.store, customers[1] as string, 2);
    await anchor.waitFor(5n);
    await anchor.checkpointNow();
    await anchor.stop();

    await expectVerifiedCheckpoints([3, 5]);
  });

  it("given a checkpoint signed by another key, then it is reported as forged at its position", async () => {
    await appendTo(opened.store, customers[0] as string, 5);
    const anchor = start();
    await anchor.caughtUp;
    const genuine = await anchor.checkpointNow();
    await anchor.stop();
    const intruder = generateKeyPairSync("ed25519").privateKey;
    const { signature: _genuineSignature, ...content } = genuine as NonNullable<typeof genuine>;
    const forged = signCheckpoint({ ...content, globalHash: "f".repeat(64) }, intruder);

    expect(await verifyAnchoredHistory(allEvents(opened.store), [forged], publicKey)).toMatchObject({
      valid: false,
      brokenAt: { position: "5", reason: "checkpoint_forged" },
    });
  });
});
