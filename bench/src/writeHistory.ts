import { randomUUID } from "node:crypto";
import {
  type Customer,
  type CustomerEvent,
  customerStreamName,
  DomainError,
  decideCustomer,
  evolveCustomer,
  GENESIS_HASH,
} from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { commandName, createLeadCommand, later, nextCustomerCommand, seededRandom } from "@crm/testing";
import { envelope } from "./envelope.ts";

// Writes a realistic history straight into an event store, not over HTTP: customers
// live in waves, and one step of every customer in a wave is appended in the same
// turn of the event loop, so the SQLite store's group commit writes the whole step
// as one transaction (one fsync for thousands of events instead of one each).

type Living = {
  customerId: string;
  state: Customer;
  revision: number;
  lastHash: string;
  at: number;
  commandsLeft: number;
};

const YEAR_MS = 365 * 24 * 3_600_000;

export const writeHistory = async (
  store: EventStore,
  options: { events: number; seed: number; wave?: number; onProgress?: (written: number) => void },
): Promise<{ events: number; customers: number }> => {
  const r = seededRandom(options.seed);
  const waveSize = options.wave ?? 2_000;
  const start = Date.parse("2025-01-01T00:00:00Z");
  let written = 0;
  let customers = 0;

  const append = async (
    living: Living | null,
    events: CustomerEvent[],
    command: string,
    customerId: string,
  ) => {
    const { events: enveloped, lastHash } = envelope(events, command, living?.lastHash ?? GENESIS_HASH);
    await store.append(customerStreamName(customerId), enveloped, {
      expectedRevision: living === null ? "no_stream" : living.revision,
    });
    return lastHash;
  };

  while (written < options.events) {
    const wave: Living[] = [];
    const created: Promise<void>[] = [];
    for (let i = 0; i < waveSize && written < options.events; i++) {
      const customerId = randomUUID();
      const at = start + r.int(0, YEAR_MS / 2);
      const events = decideCustomer(
        createLeadCommand(r, customerId, customers, new Date(at).toISOString()),
        null,
      );
      const state = events.reduce(evolveCustomer, null) as Customer;
      customers += 1;
      written += events.length;
      const living: Living = {
        customerId,
        state,
        revision: events.length - 1,
        lastHash: "",
        at,
        commandsLeft: r.int(2, 18),
      };
      wave.push(living);
      created.push(
        append(null, events, "createLead", customerId).then((hash) => {
          living.lastHash = hash;
        }),
      );
    }
    await Promise.all(created);
    options.onProgress?.(written);

    let active = wave;
    while (active.length > 0 && written < options.events) {
      const step: Promise<void>[] = [];
      for (const living of active) {
        if (written >= options.events) break;
        living.at = later(r, living.at);
        living.commandsLeft -= 1;
        const command = nextCustomerCommand(r, living.state, new Date(living.at).toISOString());
        let events: CustomerEvent[];
        try {
          events = decideCustomer(command, living.state);
        } catch (error) {
          if (error instanceof DomainError) continue;
          throw error;
        }
        if (events.length === 0) continue;
        written += events.length;
        step.push(
          append(living, events, commandName(command), living.customerId).then((hash) => {
            living.lastHash = hash;
            living.revision += events.length;
            living.state = events.reduce(evolveCustomer, living.state) as Customer;
          }),
        );
      }
      await Promise.all(step);
      options.onProgress?.(written);
      active = active.filter((living) => living.commandsLeft > 0);
    }
  }
  return { events: written, customers };
};
