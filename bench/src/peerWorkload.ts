import { randomUUID } from "node:crypto";
import type { Customer, CustomerCommand } from "@crm/domain";
import { createLeadCommand, later, nextCustomerCommand, seededRandom } from "@crm/testing";

// The workload both event-sourcing stacks run, command for command: customers are
// created, then each takes its turn with its next command until its life is over
// (a few to eighteen commands), one writer at a time. Every command is decided by
// this platform's domain against the state each stack folded from its own store,
// so the same seed makes the same events on both sides.

/** What a stack offers the workload: create a customer, and run a command decided on its state. */
export type CommandSide = {
  create(customerId: string, command: CustomerCommand): Promise<void>;
  run(customerId: string, decideOn: (state: Customer) => CustomerCommand): Promise<void>;
};

export const runPeerWorkload = async (side: CommandSide, options: { customers: number; seed: number }) => {
  const r = seededRandom(options.seed);
  let commands = 0;
  const start = Date.parse("2025-01-01T00:00:00Z");
  const living = Array.from({ length: options.customers }, (_, index) => ({
    customerId: randomUUID(),
    index,
    at: start + index * 60_000,
    commandsLeft: r.int(2, 18),
  }));
  for (const customer of living) {
    await side.create(
      customer.customerId,
      createLeadCommand(r, customer.customerId, customer.index, new Date(customer.at).toISOString()),
    );
    commands += 1;
  }
  let active = living;
  while (active.length > 0) {
    for (const customer of active) {
      customer.at = later(r, customer.at);
      customer.commandsLeft -= 1;
      const at = new Date(customer.at).toISOString();
      await side.run(customer.customerId, (state) => nextCustomerCommand(r, state, at));
      commands += 1;
    }
    active = active.filter((customer) => customer.commandsLeft > 0);
  }
  return { commands };
};
