import { applyToFacts, CUSTOMER_FACTS_VERSION, type CustomerFacts } from "@crm/views";
import type { Projection } from "./projection.ts";

export type CustomerFactsDocument = CustomerFacts & { _id: string };

/** What the four views read: one facts document per customer. */
export const customerFactsProjection: Projection<CustomerFactsDocument> = {
  collection: `customer_facts_v${CUSTOMER_FACTS_VERSION}`,
  apply: (document, event) => {
    const facts = applyToFacts(document, event);
    return facts === document ? document : { ...facts, _id: facts.customerId };
  },
};
