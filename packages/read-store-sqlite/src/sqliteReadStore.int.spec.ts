import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReadStore } from "@crm/read-store";
import { readStoreContract } from "@crm/read-store/contract";
import { openSqliteReadStore } from "./sqliteReadStore.ts";

readStoreContract("sqlite", async () => {
  const directory = await mkdtemp(join(tmpdir(), "crm-read-store-"));
  const path = join(directory, "read-models.sqlite");
  let store: ReadStore = openSqliteReadStore({ path });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = openSqliteReadStore({ path });
      return store;
    },
    dispose: async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
