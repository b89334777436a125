import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStoreContract, reopenableStore } from "@crm/read-store/contract";
import { openSqliteReadStore } from "./sqliteReadStore.ts";

readStoreContract("sqlite", async () => {
  const directory = await mkdtemp(join(tmpdir(), "crm-read-store-"));
  const path = join(directory, "read-models.sqlite");
  const opened = await reopenableStore(() => openSqliteReadStore({ path }));
  return {
    ...opened,
    dispose: async () => {
      await opened.dispose();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
