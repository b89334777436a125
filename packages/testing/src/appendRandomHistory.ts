import { randomUUID } from "node:crypto";
import {
  type CustomerCommand,
  type CustomerState,
  customerStreamName,
  DomainError,
  decideCustomer,
  evolveCustomer,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { createLeadCommand, later, nextCustomerCommand } from "./customerLife.ts";
import type { SeededRandom } from "./seededRandom.ts";

// Random but valid customer histories (customerLife.ts, with late referral credits and
// back-dated calls) written straight to an event store, for projection tests and replays:
// every event comes from the domain's own decider (no API, no metadata beyond the two times
// and an actor), so long histories are written fast.

const HOUR = 3_600_000;

/** Appends `customers` random histories to the store; returns how many events it wrote. */
export const appendRandomHistory = async (
  store: EventStore,
  random: SeededRandom,
  options: { customers: number; commandsPerCustomer: number; start: Date },
): Promise<number> => {
  let written = 0;
  const ids: string[] = [];
  for (let customer = 0; customer < options.customers; customer++) {
    const customerId = randomUUID();
    let clock = options.start.getTime() + customer * HOUR;
    let state: CustomerState = null;
    let revision = -1;
    const record = async (command: CustomerCommand) => {
      let events: ReturnType<typeof decideCustomer>;
      try {
        events = decideCustomer(command, state);
      } catch (error) {
        if (error instanceof DomainError) return;
        throw error;
      }
      if (events.length === 0) return;
      const recordedAt = new Date(clock).toISOString();
      await store.append(
        customerStreamName(customerId),
        events.map((event) => ({
          eventId: randomUUID(),
          type: event.type,
          data: event.data,
          // Every real event names who did it; the activity read model counts by it.
          metadata: { occurredAt: event.occurredAt, recordedAt, actor: { id: "sales-test", role: "sales" } },
        })),
        { expectedRevision: revision === -1 ? "no_stream" : revision },
      );
      revision += events.length;
      written += events.length;
      state = events.reduce(evolveCustomer, state);
    };
    await record(createLeadCommand(random, customerId, customer, new Date(clock).toISOString()));
    for (let step = 0; step < options.commandsPerCustomer; step++) {
      clock = later(random, clock);
      await record(
        nextCustomerCommand(random, state, new Date(clock).toISOString(), {
          referred: ids.slice(-20),
          backDatedCalls: true,
        }),
      );
    }
    ids.push(customerId);
  }
  return written;
};
