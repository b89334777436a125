import type { EventStore } from "@crm/event-store";
import { customerFactsProjection, readAllCustomerEvents, viewQueries } from "@crm/read-models";
import type { ReadStore } from "@crm/read-store";
import { type CustomerFacts, replayFacts } from "@crm/views";

const byCustomer = (a: CustomerFacts, b: CustomerFacts) => (a.customerId < b.customerId ? -1 : 1);

/**
 * The read model next to a full replay of the event store: the facts documents as stored
 * and as rebuilt from every event, and the four views answered from the read model (no
 * asOf) and by replay (asOf = now). Equal pairs mean nothing was lost or counted twice.
 */
export const readModelVersusReplay = async (eventStore: EventStore, readStore: ReadStore, now: Date) => {
  const stored = (
    await readStore.collection<CustomerFacts & { _id: string }>(customerFactsProjection.collection).all()
  )
    .map(({ _id, ...facts }) => facts as CustomerFacts)
    .sort(byCustomer);
  const events = await readAllCustomerEvents(eventStore);
  const rebuilt = replayFacts(events).sort(byCustomer);

  const views = viewQueries({ eventStore, readStore, clock: () => now });
  const replayed = viewQueries({ eventStore, readStore, clock: () => now, replayAsOf: true });
  const asOf = { asOf: now.toISOString() };
  return {
    events: events.length,
    facts: { stored, rebuilt },
    views: {
      readModel: {
        funnel: await views.funnel({}),
        lifecycle: await views.lifecycle({}),
        churn: await views.churn({}),
        customerValue: await views.customerValue({}),
      },
      replay: {
        funnel: await replayed.funnel(asOf),
        lifecycle: await replayed.lifecycle(asOf),
        churn: await replayed.churn(asOf),
        customerValue: await replayed.customerValue(asOf),
      },
    },
  };
};
