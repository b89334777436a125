import { DatabaseSync } from "node:sqlite";
import { EventStoreUnavailableError } from "@crm/event-store";
import { describe, expect, it } from "vitest";
import { openSqliteEventStore } from "./sqliteEventStore.ts";
import { temporaryStoresPerTest } from "./temporaryStore.ts";

describe("sqlite event store file", () => {
  const openTemporaryStore = temporaryStoresPerTest();

  it("is created in WAL mode, so readers in other processes never block the writer", async () => {
    const opened = await openTemporaryStore();
    const reader = new DatabaseSync(opened.path, { readOnly: true });

    expect(reader.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    reader.close();
  });

  it("is refused when a newer adapter wrote it, rather than misread", async () => {
    const opened = await openTemporaryStore();
    await opened.store.close();
    const newer = new DatabaseSync(opened.path);
    newer.exec("PRAGMA user_version = 99");
    newer.close();

    const opening = () => openSqliteEventStore({ path: opened.path });

    expect(opening).toThrow(/schema version 99/);
    expect(opening).not.toThrow(EventStoreUnavailableError);
  });
});
