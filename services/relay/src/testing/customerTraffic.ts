import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { customerCommandRunner, leadRegistration } from "@crm/customers";
import { directoryInMemory } from "@crm/customers/testing";
import { DomainError, LEAD_SOURCES } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { nextCustomerCommand, type SeededRandom } from "@crm/testing";

// Commands as the API would run them, through the customers package: events get their full
// metadata (actor, correlation, causation, hash chain), leads with an email also write a
// duplicate-key reservation (a stream the relay must leave out), and the domain refuses
// what it would refuse over HTTP (those refusals append nothing and are passed over).

export type CustomerTraffic = {
  /** Events appended so far (every one of them on a customer stream). */
  appended(): number;
  /** Resolves once at least `count` customer events were appended. */
  reached(count: number): Promise<void>;
  /** Stops after the command in hand; resolves with what was appended in all. */
  stop(): Promise<{ events: number; customers: number }>;
};

/**
 * Keeps running commands against the store until stopped: about one in eight creates a
 * lead, the rest act on a random existing customer. `pauseMs` between commands keeps the
 * rate (and the volume a test must compare at the end) bounded.
 */
export const startCustomerTraffic = (
  eventStore: EventStore,
  options: { random: SeededRandom; pauseMs?: number; start?: Date },
): CustomerTraffic => {
  const { random } = options;
  const clock = () => new Date();
  // The traffic's leads are unique, so the near-duplicate hints need know only its own.
  const directory = directoryInMemory();
  const registerLead = leadRegistration({ eventStore, clock, directory });
  const runCommand = customerCommandRunner({ eventStore, clock });
  const customers: string[] = [];
  let businessTime = (options.start ?? new Date("2025-01-01T08:00:00.000Z")).getTime();
  let events = 0;
  let stopped = false;
  let waiters: Array<() => void> = [];

  const context = (commandName: string) => ({
    actor: { id: random.pick(["rep-1", "rep-2", "svc-1"]), role: "admin" },
    correlationId: randomUUID(),
    commandId: randomUUID(),
    commandName,
  });

  const step = async () => {
    businessTime += random.int(0, 3 * 3_600_000);
    const at = new Date(businessTime).toISOString();
    if (customers.length === 0 || random.chance(0.125)) {
      // Unique names and emails: a second traffic on the same store must not meet duplicates.
      const tag = randomUUID().slice(0, 13);
      const lead = await registerLead(
        {
          name: `Customer ${tag}`,
          email: `customer-${tag}@example.com`,
          source: random.pick(LEAD_SOURCES),
          region: random.pick(["north", "south", null]),
          ownerId: random.pick(["rep-1", "rep-2", null]),
          expectedValue: random.int(0, 10_000),
          occurredAt: at,
        },
        context("createLead"),
      );
      customers.push(lead.customerId);
      return 1;
    }
    const customerId = random.pick(customers);
    const referred = customers.filter((id) => id !== customerId).slice(-10);
    try {
      const outcome = await runCommand(
        customerId,
        (state) => nextCustomerCommand(random, state, at, { referred, backDatedCalls: true }),
        context("command"),
      );
      return outcome.appended;
    } catch (error) {
      if (error instanceof DomainError) return 0;
      throw error;
    }
  };

  const running = (async () => {
    while (!stopped) {
      events += await step();
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  })();

  return {
    appended: () => events,
    reached: async (count) => {
      while (events < count) {
        if (stopped) throw new Error(`traffic stopped at ${events} events, before ${count}`);
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), running]);
      }
    },
    stop: async () => {
      stopped = true;
      await running;
      return { events, customers: customers.length };
    },
  };
};
