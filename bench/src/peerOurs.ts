import { customerCommandRunner } from "@crm/customers";
import { customerStreamName, DomainError, decideCustomer, GENESIS_HASH } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { openSqliteEventStore } from "@crm/event-store-sqlite";
import { customerSummaryProjection, startProjector } from "@crm/read-models";
import { openSqliteReadStore } from "@crm/read-store-sqlite";
import { STORE_FILES, storeFile } from "@crm/stores";
import { envelope } from "./envelope.ts";
import type { CommandSide } from "./peerWorkload.ts";

// This platform's side of the shared workload: the production command runner (read
// the stream, validate and fold it, decide, chain-hash, append with the revision read)
// on the SQLite event store, and the in-process projector keeping the customer summary.

const CONTEXT = {
  actor: { id: "bench-sales-1", role: "sales" },
  correlationId: "bench",
  commandId: "bench",
  commandName: "bench",
};

export const ourSide = (dir: string) => {
  const store = openSqliteEventStore({ path: storeFile(dir, STORE_FILES.events) });
  let head = 0n;
  // The last position appended, so the end of the run can wait for the projector to reach it.
  const eventStore: EventStore = {
    ...store,
    append: async (stream, events, options) => {
      const result = await store.append(stream, events, options);
      if (result.position > head) head = result.position;
      return result;
    },
  };
  const readStore = openSqliteReadStore({ path: storeFile(dir, STORE_FILES.readModels) });
  const projector = startProjector({
    name: "bench-peer",
    eventStore,
    readStore,
    projections: [customerSummaryProjection],
  });
  const runCommand = customerCommandRunner({ eventStore, clock: () => new Date() });
  let refused = 0;

  const side: CommandSide = {
    create: async (customerId, command) => {
      const { events } = envelope(decideCustomer(command, null), "createLead", GENESIS_HASH);
      await eventStore.append(customerStreamName(customerId), events, { expectedRevision: "no_stream" });
    },
    run: async (customerId, decideOn) => {
      try {
        await runCommand(customerId, (state) => decideOn(state!), CONTEXT);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused += 1;
      }
    },
  };
  return {
    side,
    /** Resolves once the summary read model shows every command. */
    projected: () => projector.waitFor(head),
    summaries: () =>
      readStore.collection<{ _id: string; revenue: number }>(customerSummaryProjection.collection).all(),
    refused: () => refused,
    events: () => Number(head),
    close: async () => {
      await projector.stop();
      await eventStore.close();
      await readStore.close();
    },
  };
};
