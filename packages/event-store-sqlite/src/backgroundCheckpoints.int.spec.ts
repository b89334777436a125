import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventStore } from "@crm/event-store";
import { newEvent } from "@crm/event-store/contract";
import { describe, expect, it } from "vitest";
import { openSqliteEventStore } from "./sqliteEventStore.ts";
import { temporaryStoresPerTest } from "./temporaryStore.ts";

// The write-ahead log is copied into the database file by the process's checkpoint thread, not by
// the writer inside a commit: appends far below the writer's own bound (4,000 pages) still reach
// the file while the store stays open.
describe("background checkpoints", () => {
  const openStore = temporaryStoresPerTest();
  const fileBytes = (path: string) => statSync(path).size;
  const appendLeads = async (store: EventStore, count: number) => {
    const text = "x".repeat(4_000);
    for (let index = 0; index < count; index++)
      await store.append(`crm-customer-${randomUUID()}`, [newEvent("Noted", { text })], {
        expectedRevision: "no_stream",
      });
  };

  it("copies what was committed into the database file while the store stays open", async () => {
    const { store, path } = await openStore();
    const empty = fileBytes(path);

    await appendLeads(store, 50);

    await expect.poll(() => fileBytes(path), { timeout: 5_000 }).toBeGreaterThan(empty + 50 * 4_000);
  });

  it("given two stores in one process, when one closes, then the other's log is still copied", async () => {
    const closing = await openStore();
    const { store, path } = await openStore();
    const empty = fileBytes(path);

    await closing.store.close();
    await appendLeads(store, 50);

    await expect.poll(() => fileBytes(path), { timeout: 5_000 }).toBeGreaterThan(empty + 50 * 4_000);
  });
});

describe("background checkpoints and a store's close", () => {
  // A store's close resolves only once the checkpoint thread has let go of its file, so its folder
  // can be removed at once. Stores closed in quick succession retire one thread and start the next:
  // the retiring thread's exit must not stand for the newer thread's pending close.
  it("given stores opened and closed one right after another, when each folder is removed right after its close, then nothing is left in it", async () => {
    for (let round = 0; round < 150; round++) {
      const folder = await mkdtemp(join(tmpdir(), "crm-checkpoints-"));
      const store = openSqliteEventStore({ path: join(folder, "events.sqlite") });
      await store.close();
      expect(readdirSync(folder)).toEqual(["events.sqlite"]);
      await rm(folder, { recursive: true });
    }
  });
});
