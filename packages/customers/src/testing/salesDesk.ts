import { randomUUID } from "node:crypto";
import { type CreateLeadBody, organisationKeyIndex } from "@crm/domain";
import { type EventStore, inMemoryEventStore } from "@crm/event-store";
import type { CommandContext } from "../commandContext.ts";
import { leadRegistration } from "../leadRegistration.ts";
import type { OrganisationDirectory } from "../organisationDirectory.ts";
import { customerCommandRunner } from "../runCustomerCommand.ts";

// The use cases on an in-memory event store, for specifications that need no file and no
// server: what a sales rep does through the API, one function call each.

export const SALES_REP: CommandContext = {
  actor: { id: "rep-1", role: "sales" },
  correlationId: "correlation-1",
  commandId: "command-1",
  commandName: "test",
};

/** A directory that knows only what is added to it: the one the API keeps is specified with the duplicate review queue. */
export const directoryInMemory = (): OrganisationDirectory => {
  const keys = organisationKeyIndex();
  return {
    add: (customerId, key) => keys.add(customerId, key),
    nearMatches: (key) => keys.nearMatches(key),
  };
};

export const salesDesk = (
  options: { eventStore?: EventStore; clock?: () => Date; directory?: OrganisationDirectory } = {},
) => {
  const eventStore = options.eventStore ?? inMemoryEventStore();
  const clock = options.clock ?? (() => new Date("2026-06-01T09:00:00.000Z"));
  const directory = options.directory ?? directoryInMemory();
  const registerLead = leadRegistration({ eventStore, clock, directory });
  return {
    eventStore,
    clock,
    runCommand: customerCommandRunner({ eventStore, clock }),
    registerLead,
    /** A new lead with its own name and email, so leads made by one test are never duplicates. */
    createLead: async (lead: Partial<CreateLeadBody> = {}) =>
      (
        await registerLead(
          { name: `客户 ${randomUUID()}`, source: "web", email: `${randomUUID()}@example.cn`, ...lead },
          { ...SALES_REP, commandName: "createLead", commandId: randomUUID() },
        )
      ).customerId,
  };
};
