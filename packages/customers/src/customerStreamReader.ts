import {
  type Customer,
  type CustomerState,
  customerStreamName,
  DomainError,
  foldCustomer,
  GENESIS_HASH,
  type RecordedCustomerEvent,
  toRecordedCustomerEvent,
} from "@crm/domain";
import type { EventStore, ReadStreamOptions } from "@crm/event-store";
import type { CommandContext } from "./commandContext.ts";

/** A customer folded from its stream up to a revision. */
export type FoldedCustomer = {
  state: CustomerState;
  /** The stream's revision; -1 when the customer does not exist. */
  revision: number;
  /** The hash the next event chains to. */
  lastHash: string;
};

export type LoadedCustomer = FoldedCustomer & { events: RecordedCustomerEvent[] };

export const readCustomerEvents = async (
  store: EventStore,
  customerId: string,
  options: ReadStreamOptions = {},
): Promise<RecordedCustomerEvent[]> =>
  (await store.readStream(customerStreamName(customerId), options)).flatMap((stored) => {
    const event = toRecordedCustomerEvent(stored);
    return event ? [event] : [];
  });

export const loadCustomer = async (store: EventStore, customerId: string): Promise<LoadedCustomer> => {
  const events = await readCustomerEvents(store, customerId);
  const last = events.at(-1);
  return {
    events,
    state: foldCustomer(events),
    revision: last?.revision ?? -1,
    lastHash: last?.metadata.hash ?? GENESIS_HASH,
  };
};

/** The customer a command acts on: it must exist, and be at the revision If-Match names (412 otherwise). */
export const checkedForCommand = <T extends FoldedCustomer>(
  loaded: T,
  context: Pick<CommandContext, "expectedRevision">,
): T & { state: Customer } => {
  if (loaded.state === null) throw new DomainError("not_found", "customer not found");
  if (context.expectedRevision !== undefined && context.expectedRevision !== loaded.revision)
    throw new DomainError(
      "revision_mismatch",
      "the customer has changed since the revision given in If-Match",
      {
        currentRevision: loaded.revision,
      },
    );
  return { ...loaded, state: loaded.state };
};

/** The customer a command acts on, read from its whole stream. */
export const loadForCommand = async (
  store: EventStore,
  customerId: string,
  context: Pick<CommandContext, "expectedRevision">,
): Promise<LoadedCustomer & { state: Customer }> =>
  checkedForCommand(await loadCustomer(store, customerId), context);
