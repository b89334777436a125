import { type StoreConfig, storeConfigFromEnvironment } from "@crm/stores";

// The CLI opens the stores the platform uses, from the same environment (EVENTSTORE_URL,
// MONGO_URL, CRM_DATA_DIR): replaying or rebuilding works on EventStoreDB and MongoDB too.

/** The stores of the platform in the environment; --data-dir names the embedded stores' folder. */
export const storeConfigOf = (dataDirFlag: string | undefined): StoreConfig =>
  storeConfigFromEnvironment(process.env, dataDirFlag);
