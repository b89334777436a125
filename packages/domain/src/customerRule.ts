import type { CustomerCommandOf, CustomerCommandType } from "./commands.ts";
import type { Customer } from "./customerState.ts";
import type { CustomerEvent } from "./events.ts";

/**
 * One of the customer's rules: given a command and the customer it addresses, the facts to
 * record (none when the command is already true), or a DomainError naming the rule it breaks.
 */
export type CustomerRule<T extends CustomerCommandType> = (
  command: CustomerCommandOf<T>,
  customer: Customer,
) => CustomerEvent[];
