import { mkdirSync } from "node:fs";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { type AliasedReadStore, withCollectionAliases } from "@crm/read-models";
import type { ReadStore } from "@crm/read-store";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { withPersonalDataProtection } from "@crm/trust";
import { type EventStoreAuditTrail, eventStoreAuditTrail } from "./eventStoreAuditTrail.ts";
import { openPersonalDataKeys, type PersonalDataKeys } from "./openPersonalDataKeys.ts";
import type { StoreConfig } from "./storeConfig.ts";
import { STORE_FILES, type StoreFile, storeFile } from "./storeFiles.ts";

// Every process opens its stores here (the platform, the relay, the projector, the CLI), so
// any mix runs everywhere: EventStoreDB with SQLite read models, SQLite events with MongoDB
// read models, all embedded. The server adapters are imported when their URL asks for them
// (their clients are large), by literal names, so tsc checks those imports too.

type EventStoreOptions = { pollIntervalMs?: number };

/**
 * The event store as its files hold it: personal fields encrypted (contract 10.1). For what
 * works on the stored form: the platform (which seals and anchors itself), `crm verify --all`
 * (the hash chain is over the stored form). `pollIntervalMs`: how soon a process that reads a
 * SQLite file another process writes (the relay, the CLI beside a running platform) sees its commits.
 */
export const openStoredEvents = async (
  config: StoreConfig,
  options: EventStoreOptions = {},
): Promise<EventStore> => {
  if (config.eventStoreUrl !== undefined) {
    const { openEventStoreDbStore } = await import("@crm/event-store-esdb");
    return openEventStoreDbStore({ connectionString: config.eventStoreUrl });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteEventStore({ path: storeFile(config.dataDir, STORE_FILES.events), ...options });
};

/** The stored events seen through the customers' data keys, closing the key store with them. */
const protectedEvents = (stored: EventStore, personalData: PersonalDataKeys): EventStore => {
  const { eventStore } = withPersonalDataProtection(stored, personalData);
  return {
    ...eventStore,
    close: async () => {
      await eventStore.close();
      await personalData.keys.close();
    },
  };
};

/**
 * The event store as the platform works with it (the relay, the CLI's replays and exports):
 * personal fields in the clear, decrypted with the same key store and master key as the
 * platform, and an erased customer's reading as erased, old events included.
 */
export const openEventStore = async (
  config: StoreConfig,
  options: EventStoreOptions = {},
): Promise<EventStore> => {
  const stored = await openStoredEvents(config, options);
  try {
    return protectedEvents(stored, openPersonalDataKeys(config));
  } catch (error) {
    await stored.close();
    throw error;
  }
};

/** The read store behind the collection aliases (so a blue/green rebuild's switch is followed). */
export const openReadStore = async (
  config: StoreConfig,
  options: { file?: StoreFile } = {},
): Promise<AliasedReadStore> => {
  let store: ReadStore;
  if (config.mongoUrl !== undefined) {
    const { openMongoReadStore } = await import("@crm/read-store-mongodb");
    store = await openMongoReadStore({ url: config.mongoUrl, database: config.mongoDatabase ?? "crm" });
  } else
    store = openSqliteReadStore({ path: storeFile(config.dataDir, options.file ?? STORE_FILES.readModels) });
  return withCollectionAliases(store);
};

/** Whether the audit trail is read from the event store's rows: both stores are the data folder's SQLite files. */
export const auditTrailInEventStore = (config: StoreConfig): boolean =>
  config.eventStoreUrl === undefined && config.mongoUrl === undefined;

export type Stores = {
  /** The events in the clear (see openEventStore); closing it closes the key store. */
  eventStore: EventStore;
  /** The same events as stored, encrypted (see openStoredEvents). */
  storedEvents: EventStore;
  /** The key store and master key behind `eventStore`, for the platform's own protection and erasure. */
  personalData: PersonalDataKeys;
  readStore: AliasedReadStore;
  /**
   * The embedded default (SQLite events and SQLite read models): the audit trail read from the
   * event store's rows, so the read models leave it out (readModelProjections). Absent elsewhere:
   * the audit trail is then a read model like the others. Closed with the stores.
   */
  auditTrail?: EventStoreAuditTrail;
  /** What was chosen, for the start-up log. */
  described: { eventStore: string; readStore: string; personalDataKeys: string };
  /** Whether the data folder holds any of the stores (and so needs the one-process lock). */
  usesDataDir: boolean;
  close(): Promise<void>;
};

export const openStores = async (config: StoreConfig): Promise<Stores> => {
  const storedEvents = await openStoredEvents(config);
  let personalData: PersonalDataKeys;
  try {
    personalData = openPersonalDataKeys(config);
  } catch (error) {
    await storedEvents.close();
    throw error;
  }
  const eventStore = protectedEvents(storedEvents, personalData);
  const readStore = await openReadStore(config).catch(async (error: unknown) => {
    await eventStore.close();
    throw error;
  });
  let auditTrail: EventStoreAuditTrail | undefined;
  try {
    if (auditTrailInEventStore(config))
      auditTrail = eventStoreAuditTrail(storeFile(config.dataDir, STORE_FILES.events));
  } catch (error) {
    await eventStore.close();
    await readStore.close();
    throw error;
  }
  return {
    eventStore,
    storedEvents,
    personalData,
    readStore,
    ...(auditTrail ? { auditTrail } : {}),
    described: {
      eventStore: config.eventStoreUrl ? "EventStoreDB" : `SQLite in ${config.dataDir}`,
      readStore: config.mongoUrl ? "MongoDB" : `SQLite in ${config.dataDir}`,
      personalDataKeys: personalData.described,
    },
    usesDataDir: !config.eventStoreUrl || !config.mongoUrl,
    close: async () => {
      auditTrail?.close();
      await eventStore.close();
      await readStore.close();
    },
  };
};
