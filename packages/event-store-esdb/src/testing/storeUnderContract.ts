import { type OpenedEventStore, reopenableStore } from "@crm/event-store/contract";
import { openEventStoreDbStore } from "../esdbEventStore.ts";

/**
 * The adapter as the event-store contract takes it. Reopening is not a server restart (that
 * durability is the server's own): a closed store and a new connection must see the same log
 * and go on from where it ends.
 */
export const storeUnderContract = (connectionString: string): Promise<OpenedEventStore> =>
  reopenableStore(() => openEventStoreDbStore({ connectionString }));
