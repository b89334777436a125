import type { EventStore } from "@crm/event-store";
import { eventStoreContract } from "@crm/event-store/contract";
import { describeWithServer, eventStoreServer } from "@crm/test-servers";
import { openEventStoreDbStore } from "./esdbEventStore.ts";

// The whole contract, wherever EVENTSTORE_URL or a Docker engine gives a server; a loud skip elsewhere.
// Every test uses fresh stream names, so a shared, long-lived server is fine.
await describeWithServer("EventStoreDB event store", eventStoreServer, (server) => {
  eventStoreContract("eventstoredb", async () => {
    let store: EventStore = openEventStoreDbStore({ connectionString: server.url });
    return {
      store,
      // Not a server restart (that durability is the server's own): a closed store and a new
      // connection must see the same log and go on from where it ends.
      reopen: async () => {
        await store.close();
        store = openEventStoreDbStore({ connectionString: server.url });
        return store;
      },
      dispose: () => store.close(),
    };
  });
});
