import { eventStoreContract } from "@crm/event-store/contract";
import { openTemporaryStore } from "./temporaryStore.ts";

eventStoreContract("sqlite", openTemporaryStore);
