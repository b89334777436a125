import { type StoreConfig, storeConfigFromEnvironment } from "@crm/stores";

// The CLI opens the stores the platform uses, from the same environment (EVENTSTORE_URL,
// MONGO_URL, CRM_DATA_DIR, CRM_MASTER_KEY): replaying or rebuilding works on EventStoreDB and
// MongoDB too, and sees personal fields as the platform does (decrypted, erased ones erased).

/** The stores of the platform in the environment; --data-dir names the embedded stores' folder. */
export const storeConfigOf = (dataDirFlag: string | undefined): StoreConfig =>
  storeConfigFromEnvironment(process.env, dataDirFlag);
