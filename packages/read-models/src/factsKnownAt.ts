import { CUSTOMER_STREAM_PREFIX, toRecordedCustomerEvent } from "@crm/domain";
import type { EventStore } from "@crm/event-store";
import { applyToFacts, type CustomerFacts } from "@crm/views";

type Checkpoint = {
  /** The store position of the last event folded in; undefined before the first. */
  after: bigint | undefined;
  /** The latest recordedAt among the events folded in (ms). */
  knownUpTo: number;
  facts: ReadonlyMap<string, CustomerFacts>;
};

const FROM_ZERO: Checkpoint = { after: undefined, knownUpTo: Number.NEGATIVE_INFINITY, facts: new Map() };

/**
 * The facts documents as they were known at a system instant: every event recorded by then,
 * folded with the read model's own applyToFacts (what replayFacts does). The facts of every
 * event up to a store position are kept as a checkpoint once all of them were known at the cut
 * asked; a knownAt at or after the latest of them starts there and reads only the events after
 * it (the common case, a recent knownAt, reads the few events since the last one asked). An
 * earlier knownAt replays from event zero. Exact either way: a customer's events are folded in
 * revision order, those recorded after the cut left out, as replayFacts does.
 */
export const factsKnownAt = (eventStore: EventStore) => {
  let checkpoint = FROM_ZERO;
  return async (knownAt: string): Promise<CustomerFacts[]> => {
    const cut = Date.parse(knownAt);
    if (Number.isNaN(cut)) throw new RangeError(`not an ISO-8601 instant: ${knownAt}`);
    const start = checkpoint.knownUpTo <= cut ? checkpoint : FROM_ZERO;
    const facts = new Map(start.facts);
    let { after, knownUpTo } = start;
    let everyEventKnown = true;
    const events = eventStore.readAll({
      streamPrefix: CUSTOMER_STREAM_PREFIX,
      ...(start.after === undefined ? {} : { after: start.after }),
    });
    for await (const stored of events) {
      after = stored.position;
      const event = toRecordedCustomerEvent(stored);
      if (!event) continue;
      const recordedAt = Date.parse(event.recordedAt);
      if (recordedAt > cut) {
        everyEventKnown = false;
        continue;
      }
      knownUpTo = Math.max(knownUpTo, recordedAt);
      facts.set(event.customerId, applyToFacts(facts.get(event.customerId) ?? null, event));
    }
    // Only a fold of every event up to `after` is a checkpoint: one that left an event out is
    // the answer for this cut alone.
    if (everyEventKnown) checkpoint = { after, knownUpTo, facts };
    return [...facts.values()];
  };
};
