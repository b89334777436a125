import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { newEvent } from "@crm/event-store/contract";
import { describe, expect, it } from "vitest";
import { temporaryStoresPerTest } from "./temporaryStore.ts";

// The write-ahead log is copied into the database file by a worker thread, not by the writer
// inside a commit: appends far below the writer's own bound (4,000 pages) still reach the file.
describe("background checkpoints", () => {
  const openStore = temporaryStoresPerTest();
  const fileBytes = (path: string) => statSync(path).size;

  it("copies what was committed into the database file while the store stays open", async () => {
    const { store, path } = await openStore();
    const empty = fileBytes(path);
    const text = "x".repeat(4_000);
    for (let index = 0; index < 50; index++)
      await store.append(`crm-customer-${randomUUID()}`, [newEvent("Noted", { text })], {
        expectedRevision: "no_stream",
      });

    await expect.poll(() => fileBytes(path), { timeout: 5_000 }).toBeGreaterThan(empty + 50 * 4_000);
  });
});
