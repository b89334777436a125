import { parseArgs } from "node:util";
import { readCustomerEvents } from "@crm/customers";
import { openEventStore } from "@crm/stores";
import { storeConfigOf } from "../stores.ts";

/** A customer's full history with every event's metadata (actor, request, hash chain), as JSON lines. */
export const exportHistory = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "data-dir": { type: "string" } },
  });
  const customerId = positionals[0];
  if (!customerId) {
    process.stderr.write("crm export-history <customerId> [--data-dir DIR]\n");
    return 2;
  }
  const eventStore = await openEventStore(storeConfigOf(values["data-dir"]));
  try {
    const events = await readCustomerEvents(eventStore, customerId);
    if (events.length === 0) {
      process.stderr.write(`no customer ${customerId}\n`);
      return 1;
    }
    for (const event of events)
      process.stdout.write(
        `${JSON.stringify({ revision: event.revision, type: event.type, data: event.data, metadata: event.metadata })}\n`,
      );
    return 0;
  } finally {
    await eventStore.close();
  }
};
