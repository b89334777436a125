import { eventStoreContract } from "./contract/eventStoreContract.ts";
import { inMemoryEventStore } from "./inMemoryEventStore.ts";

eventStoreContract("in memory", async () => {
  const store = inMemoryEventStore();
  return { store, dispose: () => store.close() };
});
