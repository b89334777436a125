import { applyToFacts, CUSTOMER_FACTS_VERSION, type CustomerFacts } from "@crm/views";
import type { Projection } from "./projection.ts";

export type CustomerFactsDocument = CustomerFacts & { _id: string };

/** What the four views read: one facts document per customer. */
export const customerFactsProjection: Projection<CustomerFactsDocument> = {
  collection: `customer_facts_v${CUSTOMER_FACTS_VERSION}`,
  apply: (document, event) => {
    const facts = applyToFacts(document, event);
    if (facts === document) return document;
    // Facts folded from a document are a copy of it, its _id with them: only a new lead's lack one.
    return document === null ? { ...facts, _id: facts.customerId } : (facts as CustomerFactsDocument);
  },
};
