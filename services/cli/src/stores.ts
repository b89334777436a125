import { join, resolve } from "node:path";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { personalDataKeysIn } from "@crm/platform";
import { type AliasedReadStore, withCollectionAliases } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { withPersonalDataProtection } from "@crm/trust";

/** The data folder the embedded platform uses (CRM_DATA_DIR, default .data), unless --data-dir says otherwise. */
export const dataDirOf = (flag: string | undefined): string =>
  resolve(flag ?? process.env.CRM_DATA_DIR ?? ".data");

/**
 * The events as the platform reads them: personal fields decrypted with the folder's keys, and
 * reading as erased once a customer's key is destroyed (contract 10.1: replays show nothing erased).
 */
export const openEventStore = (dataDir: string): EventStore => {
  const stored = openSqliteEventStore({ path: join(dataDir, "events.sqlite") });
  const personalData = personalDataKeysIn(dataDir);
  const { eventStore } = withPersonalDataProtection(stored, personalData);
  return {
    ...eventStore,
    close: async () => {
      await eventStore.close();
      await personalData.keys.close();
    },
  };
};

export const openReadStore = (dataDir: string): Promise<AliasedReadStore> =>
  withCollectionAliases(openSqliteReadStore({ path: join(dataDir, "read-models.sqlite") }));
