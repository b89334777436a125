import { eventStoreContract } from "@crm/event-store/contract";
import { describeWithServer, eventStoreServer } from "@crm/test-servers";
import { storeUnderContract } from "./testing/storeUnderContract.ts";

// The whole contract, wherever EVENTSTORE_URL or a Docker engine gives a server; a loud skip elsewhere.
// Every test uses fresh stream names, so a shared, long-lived server is fine.
await describeWithServer("EventStoreDB event store", eventStoreServer, (server) => {
  eventStoreContract("eventstoredb", () => storeUnderContract(server.url));
});
