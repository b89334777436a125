import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import type { EventStore } from "@crm/event-store";
import { newEvent } from "@crm/event-store/contract";
import { describe, expect, it } from "vitest";
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
