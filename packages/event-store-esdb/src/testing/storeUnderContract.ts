import type { EventStore } from "@crm/event-store";
import type { OpenedEventStore } from "@crm/event-store/contract";
import { openEventStoreDbStore } from "../esdbEventStore.ts";

/**
 * The adapter as the event-store contract takes it. Reopening is not a server restart (that
 * durability is the server's own): a closed store and a new connection must see the same log
 * and go on from where it ends.
 */
export const storeUnderContract = async (connectionString: string): Promise<OpenedEventStore> => {
  let store: EventStore = openEventStoreDbStore({ connectionString });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = openEventStoreDbStore({ connectionString });
      return store;
    },
    dispose: () => store.close(),
  };
};
