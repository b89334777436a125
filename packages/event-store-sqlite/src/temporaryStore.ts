import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OpenedEventStore, reopenableStore } from "@crm/event-store/contract";
import { afterEach } from "vitest";
import { openSqliteEventStore, type SqliteEventStoreOptions } from "./sqliteEventStore.ts";

/** A store on a fresh file in its own temporary directory, removed by dispose(). For tests. */
export const openTemporaryStore = async (
  options: Omit<SqliteEventStoreOptions, "path"> = {},
): Promise<OpenedEventStore & { path: string }> => {
  const directory = await mkdtemp(join(tmpdir(), "crm-event-store-"));
  const path = join(directory, "events.db");
  const opened = await reopenableStore(() => openSqliteEventStore({ ...options, path }));
  return {
    path,
    ...opened,
    async dispose() {
      await opened.dispose();
      await rm(directory, { recursive: true, force: true });
    },
  };
};

/** For a suite whose tests open temporary stores: each test's stores are disposed of after it. */
export const temporaryStoresPerTest = () => {
  const opened: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const dispose of opened.splice(0)) await dispose();
  });
  return async (options: Omit<SqliteEventStoreOptions, "path"> = {}) => {
    const store = await openTemporaryStore(options);
    opened.push(store.dispose);
    return store;
  };
};
