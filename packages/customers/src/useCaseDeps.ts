import type { EventStore } from "@crm/event-store";
import type { Clock } from "./commandContext.ts";
import type { CustomerCommandRunner } from "./runCustomerCommand.ts";

/**
 * What a use case that records commands on customers is built on: the event store (to read
 * customers and duplicate keys), the clock (for commands that give no occurredAt) and the one
 * command runner every change to a customer goes through.
 */
export type CustomerUseCaseDeps = {
  eventStore: EventStore;
  clock: Clock;
  runCommand: CustomerCommandRunner;
};
