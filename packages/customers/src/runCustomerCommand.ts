import {
  type CustomerCommand,
  type CustomerState,
  customerStreamName,
  DomainError,
  decideCustomer,
} from "@crm/domain";
import { type EventStore, WrongExpectedRevisionError } from "@crm/event-store";
import type { Clock, CommandContext } from "./commandContext.ts";
import { checkedForCommand } from "./customerStreamReader.ts";
import { envelopeEvents } from "./eventEnvelope.ts";
import { foldedCustomers } from "./foldedCustomers.ts";
import { keyedQueue } from "./keyedQueue.ts";
import { NO_RETRY, RETRY_AFTER_A_MOMENT, retryLostRaces } from "./lostRaces.ts";

export type CommandOutcome = { customerId: string; revision: number; appended: number };

/**
 * Read, decide, append with the revision read. Without If-Match a concurrent
 * writer elsewhere only costs a retry; with If-Match the client asked to be told.
 */
export const customerCommandRunner = (deps: { eventStore: EventStore; clock: Clock }) => {
  const serialised = keyedQueue();
  const folded = foldedCustomers(deps.eventStore);

  const attempt = async (
    customerId: string,
    command: (state: CustomerState) => CustomerCommand,
    context: CommandContext,
  ): Promise<CommandOutcome> => {
    const loaded = checkedForCommand(await folded.load(customerId), context);
    const events = decideCustomer(command(loaded.state), loaded.state);
    if (events.length === 0) return { customerId, revision: loaded.revision, appended: 0 };
    const recordedAt = deps.clock().toISOString();
    const result = await deps.eventStore.append(
      customerStreamName(customerId),
      envelopeEvents(events, context, recordedAt, loaded.lastHash),
      { expectedRevision: loaded.revision },
    );
    return { customerId, revision: result.nextExpectedRevision, appended: events.length };
  };

  const run = (
    customerId: string,
    command: (state: CustomerState) => CustomerCommand,
    context: CommandContext,
  ): Promise<CommandOutcome> =>
    serialised(customerId, async () => {
      try {
        return await retryLostRaces(
          () => attempt(customerId, command, context),
          context.expectedRevision === undefined ? RETRY_AFTER_A_MOMENT : NO_RETRY,
        );
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && context.expectedRevision !== undefined)
          throw new DomainError("revision_mismatch", "the customer changed while the command ran", {
            currentRevision: error.actual,
          });
        throw error;
      }
    });
  /** Drops the runner's folded state of a customer whose personal data was just erased. */
  return Object.assign(run, { forget: folded.forget });
};

export type CustomerCommandRunner = ReturnType<typeof customerCommandRunner>;
