import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { withCollectionAliases } from "@crm/read-models";
import type { ReadStore } from "@crm/read-store";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { type PlatformOptions, startPlatform } from "../platform.ts";
import { TEST_API_KEYS } from "./testPlatform.ts";

// The platform's own composition (startPlatform), for specs of what the embedded test platform
// cannot show: its read models on MongoDB, a read store that goes away, the read side left to a
// projector elsewhere.

/**
 * The platform on a data folder's event store and the read store a spec opens there, with the
 * test keys; the read models are not projected here unless the options say so. Closing it
 * removes the folder.
 */
export const startPlatformOn = async (
  openReadStore: (dataDir: string) => ReadStore | Promise<ReadStore>,
  options: Partial<PlatformOptions> = {},
  dataDir = mkdtempSync(join(tmpdir(), "crm-composed-")),
) =>
  startPlatform({
    eventStore: openSqliteEventStore({ path: storeFile(dataDir, STORE_FILES.events) }),
    readStore: await withCollectionAliases(await openReadStore(dataDir)),
    apiKeys: TEST_API_KEYS,
    projectReadModels: false,
    onClosed: () => rmSync(dataDir, { recursive: true, force: true }),
    ...options,
  });

/** A read-model file of its own beside the events, where the read side is not what a spec is about. */
export const aSqliteReadStore = (dataDir: string) =>
  openSqliteReadStore({ path: join(dataDir, "read.sqlite") });
