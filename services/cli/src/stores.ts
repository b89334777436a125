import { join, resolve } from "node:path";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { type AliasedReadStore, withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";

/** The data folder the embedded platform uses (CRM_DATA_DIR, default .data), unless --data-dir says otherwise. */
export const dataDirOf = (flag: string | undefined): string =>
  resolve(flag ?? process.env.CRM_DATA_DIR ?? ".data");

export const openEventStore = (dataDir: string): EventStore =>
  openSqliteEventStore({ path: join(dataDir, "events.sqlite") });

export const openReadStore = (dataDir: string): Promise<AliasedReadStore> =>
  withCollectionAliases(openSqliteReadStore({ path: join(dataDir, "read-models.sqlite") }));
